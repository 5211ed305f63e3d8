import type { FastifyPluginAsync, FastifyReply, preHandlerAsyncHookHandler } from 'fastify';
import { DEFAULT_MODULE_NAME } from '../../config/build-modules.js';
import type { HttpModule, ProbeModule } from '../../config/probe-module.js';
import { isFrontdoorError } from '../../errors.js';
import { type HostResolver, systemResolver } from '../../probe/host-resolver.js';
import type { ProbeObservation, ProbeRequest } from '../../probe/observation.js';
import type { ProbeOptions } from '../../probe/probe-options.js';
import { createTlsSettings, type TlsSettings } from '../../probe/tls-settings.js';
import { requireScope } from '../auth/auth-hook.js';
import { describeModule } from './describe-module.js';
import { computeProbeFigures } from './probe-figures.js';
import { DEFAULT_TIMEOUT_OFFSET_SECONDS, readProbeTimeout } from './probe-timeout.js';
import { renderProbeDebug } from './render-probe-debug.js';
import { renderProbeRegistry } from './render-probe-registry.js';
import { type ModuleProbeOutcome, runModuleProbe } from './run-module-probe.js';
import { withHostname } from './with-hostname.js';

export interface ProbeRoutesOptions {
  /**
   * The modules in force (FrontdoorConfig.modules), asked on every request so a configuration reload
   * applies at once. `http_2xx` is what a request without `module=` uses.
   */
  modules: () => Readonly<Record<string, ProbeModule>>;
  /** seconds kept back from Prometheus's scrape timeout, as blackbox's --timeout-offset (default 0.5) */
  timeoutOffsetSeconds?: number;
  /** resolver for target names (default the system's, as `frontdoor check`) */
  resolver?: HostResolver;
  /** who may probe; default requireScope('read') (needs the apiAuth plugin) */
  guard?: preHandlerAsyncHookHandler;
  /** wall clock for the probe log (default Date.now) */
  now?: () => number;
  /** the probe layer (default runProbe); for tests that replay recorded observations */
  probe?: (request: ProbeRequest, options: ProbeOptions) => Promise<ProbeObservation>;
}

type Query = Record<string, string | string[] | undefined>;

/** The first value of a query parameter, as Go's url.Values.Get. */
function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Go's http.Error: the message and a newline as plain text. */
function plainError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('x-content-type-options', 'nosniff')
    .type('text/plain; charset=utf-8')
    .send(`${message}\n`);
}

/**
 * `GET /probe?target=URL&module=NAME[&hostname=NAME][&debug=true]`: blackbox_exporter's multi-target
 * endpoint, answered by frontdoor's probe and diagnosis. The same metric names and meanings (see
 * probe-figures.ts) plus `frontdoor_verdict{verdict,layer}`; the same status codes for the same mistakes:
 * 400 "Unknown module", 400 "Target parameter is missing", 400 for a `hostname` that contradicts the
 * module's Host header, 500 for an unreadable `X-Prometheus-Scrape-Timeout-Seconds`; a target that is not
 * a URL is probe_success 0, not an error. The probe ends within the module's timeout and Prometheus's scrape
 * timeout less the offset. 503 when this machine cannot open a socket (FD_ERR_LOCAL_RESOURCE): that says
 * nothing about the target, so it must not read as probe_success 0.
 * @example await app.register(probeRoutes, { modules: () => config.modules ?? {} });
 */
export const probeRoutes: FastifyPluginAsync<ProbeRoutesOptions> = async (app, options) => {
  const guard = options.guard ?? requireScope('read');
  const offset = options.timeoutOffsetSeconds ?? DEFAULT_TIMEOUT_OFFSET_SECONDS;
  const resolver = options.resolver ?? systemResolver;
  const now = options.now ?? Date.now;
  // Keyed by the module's tls_config object: a reload replaces it (re-reading a changed ca_file), while
  // a `hostname` parameter's copy of the module shares it.
  const trust = new WeakMap<HttpModule['tls'], TlsSettings>();
  const tlsSettings = async (module: ProbeModule): Promise<TlsSettings> => {
    const known = trust.get(module.http.tls);
    if (known !== undefined) return known;
    const { caFile, insecureSkipVerify } = module.http.tls;
    const settings = await createTlsSettings({
      caFiles: caFile === undefined ? [] : [caFile],
      insecure: insecureSkipVerify,
    });
    trust.set(module.http.tls, settings);
    return settings;
  };

  app.get('/probe', { preHandler: guard }, async (request, reply) => {
    const query = request.query as Query;
    const moduleName = first(query.module) || DEFAULT_MODULE_NAME;
    const modules = options.modules();
    const configured = Object.hasOwn(modules, moduleName) ? modules[moduleName] : undefined;
    if (configured === undefined)
      return plainError(reply, 400, `Unknown module ${JSON.stringify(moduleName)}`);
    const header = request.headers['x-prometheus-scrape-timeout-seconds'];
    const timeout = readProbeTimeout(
      Array.isArray(header) ? header[0] : header,
      configured.timeoutMs,
      offset,
    );
    if (!timeout.ok) {
      return plainError(reply, 500, `Failed to parse timeout from Prometheus header: ${timeout.problem}`);
    }
    const target = first(query.target);
    if (target === '') return plainError(reply, 400, 'Target parameter is missing');
    const hostname = first(query.hostname);
    const merged =
      hostname === '' ? { ok: true as const, module: configured } : withHostname(configured, hostname);
    if (!merged.ok) return plainError(reply, 400, merged.problem);

    let outcome: ModuleProbeOutcome;
    try {
      outcome = await runModuleProbe(target, merged.module, timeout.seconds, {
        resolver,
        tlsSettings,
        now,
        ...(options.probe === undefined ? {} : { probe: options.probe }),
      });
    } catch (error) {
      if (!isFrontdoorError(error) || error.code !== 'FD_ERR_LOCAL_RESOURCE') throw error;
      request.log.error({ err: error.message }, 'probe could not run on this machine');
      return plainError(reply, 503, error.message);
    }
    for (const entry of outcome.log)
      request.log.debug({ ...entry.fields, module: moduleName, target }, entry.msg);
    const registry = renderProbeRegistry(computeProbeFigures(outcome));
    const metricsText = await registry.metrics();
    if (first(query.debug) === 'true') {
      return reply.type('text/plain; charset=utf-8').send(
        renderProbeDebug({
          log: outcome.log,
          context: { module: moduleName, target },
          metricsText,
          module: describeModule(merged.module),
        }),
      );
    }
    return reply.type(registry.contentType).send(metricsText);
  });
};
