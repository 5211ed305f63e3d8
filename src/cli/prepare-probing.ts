import { resolve as resolvePath } from 'node:path';
import { applyExpectations } from '../check/apply-expectations.js';
import { applyRequest } from '../check/apply-request.js';
import { buildUrlTargets } from '../check/build-url-targets.js';
import type { FrontdoorConfig } from '../config/config-types.js';
import { DEFAULT_VERSION_HEADER, expandTargets } from '../config/expand-targets.js';
import type { Target } from '../config/target.js';
import { FrontdoorError } from '../errors.js';
import { createBoundedResolver } from '../probe/bounded-resolver.js';
import { cacheLookups } from '../probe/dns-cache.js';
import { type FixedAnswers, shareFixedAnswers } from '../probe/fixed-answers.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type ProbeOptions,
  timeoutsWithin,
} from '../probe/probe-options.js';
import { createTlsSettings } from '../probe/tls-settings.js';
import type { CommandIo } from './command.js';
import { loadConfigArgument } from './load-config-argument.js';
import type { CheckArgs } from './parse-check-args.js';

/** Everything a probing command needs before the first request: the targets and how to probe them. */
export interface Probing {
  targets: Target[];
  probe: ProbeOptions;
}

/**
 * Turns validated check arguments into targets and probe options: loads the configuration (relative to
 * the cwd), expands its sites, adds URL arguments, lays CLI expectations and --resolve over every target
 * and builds the TLS trust. Shared by `check` and `verify` so both read flags and files the same way.
 * Throws FrontdoorError (configuration, CA files, or nothing to probe) for main to print as one line.
 */
export async function prepareProbing(command: string, args: CheckArgs, io: CommandIo): Promise<Probing> {
  const config = args.config === undefined ? undefined : await loadConfigArgument(args.config, io);
  const targets = collectTargets(args, config);
  if (targets.length === 0) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor ${command}: nothing to check: ${args.config ?? 'the configuration'} has no sites`,
    );
  }
  const tls = await createTlsSettings({
    caFiles: [...(config?.ca ?? []), ...args.caFiles.map((file) => resolvePath(io.cwd, file))],
    insecure: args.insecure,
  });
  return {
    targets,
    probe: {
      timeouts: args.timeoutMs === undefined ? DEFAULT_TIMEOUTS : timeoutsWithin(args.timeoutMs),
      maxBodyBytes: args.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      follow: args.follow,
      tls,
      // One cache for the run: each name is looked up once, however many targets, bursts and rounds ask.
      resolver: cacheLookups(createBoundedResolver(), { ttlMs: Number.POSITIVE_INFINITY }),
    },
  };
}

/**
 * Configuration targets first (in file order), then URL arguments; CLI expectations, the request flags and
 * --resolve apply to all. Targets that shared a resolve map still share one after --resolve is laid over
 * it: each distinct map is merged once, so a 10,000-target run does not build 10,000 copies of it.
 */
function collectTargets(args: CheckArgs, config: FrontdoorConfig | undefined): Target[] {
  const fromConfig =
    config === undefined ? [] : expandTargets(config, args.site === undefined ? {} : { site: args.site });
  const fromUrls = buildUrlTargets(args.urls, {
    ...(args.connectTo === undefined ? {} : { connectTo: args.connectTo }),
    expect: { versionHeader: DEFAULT_VERSION_HEADER },
  });
  const hasResolve = Object.keys(args.resolve).length > 0;
  const merged = new Map<FixedAnswers | undefined, FixedAnswers>();
  const adjust = (target: Target): Target => {
    const adjusted: Target = {
      ...applyRequest(target, args.request),
      expect: applyExpectations(target.expect, args.expect),
    };
    if (args.allowInsecureRedirect) adjusted.allowInsecureRedirect = true;
    if (hasResolve) {
      let resolve = merged.get(target.resolve);
      if (resolve === undefined) {
        resolve = shareFixedAnswers(target.resolve, args.resolve);
        merged.set(target.resolve, resolve);
      }
      adjusted.resolve = resolve;
    }
    return adjusted;
  };
  const targets: Target[] = [];
  for (const target of fromConfig) targets.push(adjust(target));
  for (const target of fromUrls) targets.push(adjust(target));
  return targets;
}
