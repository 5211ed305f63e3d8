import { z } from 'zod';
import { FINDING_CODES, VERDICTS } from '../diagnose/verdict.js';
import { deployMarkSchema } from './deploy-mark.js';
import type { EngineInput } from './engine-input.js';
import { hostEventSchema } from './host-event.js';

/**
 * The shape of one replay line (and of what the store keeps): a RoundBatch, a MaintenanceChange, host events
 * or a deploy mark. Rounds and maintenance are checked for what the engine relies on and let everything else
 * through, so a stored line with fields added later still replays; host events and deploy marks are checked
 * with the contract the server validates them with.
 */
const isoTime = z
  .string()
  .refine((text) => /^\d{4}-\d\d-\d\dT/.test(text) && !Number.isNaN(Date.parse(text)), {
    error: 'expected an ISO 8601 time such as 2026-11-23T04:02:11.482Z',
  });
const text = z.string();
const count = z.int().min(0);

const resultSchema = z.looseObject({
  id: z.string().min(1),
  target: text,
  verdict: z.enum(VERDICTS),
  layer: text,
  summary: text,
  evidence: z.array(text),
  hostname: text,
  via: text,
  site: text.optional(),
  origin: text.optional(),
  environment: text.optional(),
  burst: z.looseObject({ size: count.min(1), failed: count }).optional(),
});

const roundBatchSchema = z.looseObject({
  type: z.literal('rounds'),
  at: isoTime,
  location: text,
  rounds: z.array(
    z.looseObject({
      at: isoTime,
      location: text,
      reason: z.enum(['scheduled', 'confirmation', 'sweep']),
      result: resultSchema,
    }),
  ),
  findings: z.array(
    z.looseObject({
      code: z.enum(FINDING_CODES),
      summary: text,
      targets: z.array(text),
      targetIds: z.array(text),
    }),
  ),
});

const nameList = z.array(text);

const maintenanceChangeSchema = z.looseObject({
  type: z.literal('maintenance'),
  at: isoTime,
  action: z.enum(['start', 'end']),
  window: z.looseObject({
    id: z.string().min(1),
    name: text,
    source: z.enum(['config', 'api']),
    scope: z.looseObject({ sites: nameList, origins: nameList, environments: nameList }),
    startsAt: isoTime,
    endsAt: isoTime,
    reason: text.optional(),
  }),
});

const hostEventsSchema = z.looseObject({
  type: z.literal('host_events'),
  at: isoTime,
  origin: z.string().min(1),
  events: z.array(hostEventSchema).min(1),
});

const deployInputSchema = z.looseObject({
  type: z.literal('deploy'),
  at: isoTime,
  id: z.string().min(1),
  mark: deployMarkSchema,
});

export const engineInputSchema = z.discriminatedUnion(
  'type',
  [roundBatchSchema, maintenanceChangeSchema, hostEventsSchema, deployInputSchema],
  { error: "expected an object with type 'rounds', 'maintenance', 'host_events' or 'deploy'" },
);

/** Reads one parsed JSON value as an engine input, or says what is wrong with it and where. */
export function readEngineInput(
  value: unknown,
): { ok: true; input: EngineInput } | { ok: false; problem: string } {
  const parsed = engineInputSchema.safeParse(value);
  if (parsed.success) return { ok: true, input: parsed.data as EngineInput };
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((segment) =>
    typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`,
  );
  const where = path.join('').replace(/^\./, '');
  return { ok: false, problem: `${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid input'}` };
}
