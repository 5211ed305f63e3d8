import { z } from 'zod';
import { VERDICTS } from '../diagnose/verdict.js';

/**
 * The contract between `frontdoor verify --report-to URL` and the watch: one deploy, its version, the
 * gate's result and the gap each target measured while the deploy ran, for `POST /api/v1/deploys`
 * (token scope `deploy`). The watch puts it on the timeline of its origins and beside any incident that
 * starts soon after. Fields may be added; none may be renamed. docs/agent.md documents the JSON shape.
 */

/** More targets than this are counted but not listed: the ones that failed or had a gap come first. */
export const DEPLOY_MARK_MAX_TARGETS = 1000;

const isoTime = z.iso.datetime({ offset: true });
const name = z.string().min(1).max(500);

export const deployTargetSchema = z.strictObject({
  /** the target's stable id (src/config/target-identity.ts): keys it across runs */
  id: name,
  /** display name, "shop.example.com via web1" */
  target: name,
  /** 'edge' (a site's public path), 'dns' (a URL given on the command line) or the origin's name */
  via: name,
  origin: name.optional(),
  /** the final check's verdict; null when the gate was interrupted before it */
  verdict: z.enum(VERDICTS).nullable(),
  /** what the target went through while the deploy command ran (`--during` only) */
  gap: z
    .strictObject({
      sent: z.int().nonnegative(),
      failed: z.int().nonnegative(),
      longestGapMs: z.number().nonnegative(),
      gapStartedAt: isoTime.nullable(),
    })
    .optional(),
});

export const deployMarkSchema = z.strictObject({
  /** --expect-version: what was deployed */
  version: name.optional(),
  result: z.enum(['passed', 'failed']),
  /** why the gate failed, one line each; empty when it passed */
  reasons: z.array(z.string().max(2000)).max(100),
  mode: z.enum(['burst', 'within', 'during']),
  startedAt: isoTime,
  endedAt: isoTime,
  interrupted: z.boolean(),
  /** the deploy command's end (`--during` only); the command line itself is not sent, it may hold secrets */
  deploy: z
    .strictObject({
      exitCode: z.int().nullable(),
      signal: name.nullable(),
      durationMs: z.number().nonnegative(),
    })
    .optional(),
  /** every origin a target was pinned to: the timelines this mark belongs on */
  origins: z.array(name).max(DEPLOY_MARK_MAX_TARGETS),
  targetCount: z.int().nonnegative(),
  failedCount: z.int().nonnegative(),
  targets: z.array(deployTargetSchema).max(DEPLOY_MARK_MAX_TARGETS),
  /** more targets than DEPLOY_MARK_MAX_TARGETS: the passing ones without a gap were left out */
  targetsTruncated: z.boolean(),
});

export type DeployMark = z.output<typeof deployMarkSchema>;
export type DeployTarget = z.output<typeof deployTargetSchema>;
