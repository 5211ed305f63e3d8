import { startPhpFpm } from '../php-fpm-server.js';
import { expectVerdicts, type LabSite } from './lab-config.js';
import { renderFastcgiLocation } from './nginx-blocks.js';
import { describeOrigins, startNginxFleet } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const VERSION = '2.1.0';

/** Requests for one name on one door that nginx lets through at once; the rest of a burst gets its 500. */
export const POOL_CAPACITY = 8;

const SITES: LabSite[] = [
  {
    name: 'app',
    hostnames: ['app.example.test', 'app.internal.test'],
    path: '/api/user/me',
    origins: ['web1'],
    expect: { status: [200], body: 'ok', version: VERSION },
  },
];

/*
 * How nginx is made to answer its own 500 for a fixed share of requests, deterministically.
 * In the incident a half-reloaded php-fpm pool made nginx fail ~5% of requests with its own 500 in 4 ms;
 * a real pool's flapping is not reproducible on demand, so the lab reproduces what visitors saw instead:
 * nginx's stock 500, in a few ms, without PHP being reached, for part of a concurrent burst, while any
 * single request succeeds.
 * - A `map` over $connection (fail every 5th connection) was rejected: nginx numbers every accepted
 *   connection, including the lab's readiness checks, the catch-all probe and the edge's connections, so
 *   which request fails, and whether a single probe does, would depend on everything else that touched the box.
 * - limit_conn was rejected: it counts requests in flight, so the share depends on how long PHP takes and on
 *   how the burst's arrivals happen to overlap.
 * - limit_req with `nodelay` counts requests, not connections, in a bucket keyed by the door's address, the
 *   Host header and CF-Connecting-IP (which only the edge sends): the catch-all probe (another Host, the
 *   default server) and the readiness checks (no request) never touch it, and probes through the edge and
 *   direct probes (same Host, since both carry the site URL's) have buckets of their own, so targets probed
 *   at the same time do not eat each other's share. A fresh bucket lets 1 + burst = 8 requests through and rejects the rest
 *   of a burst that arrives within one second (rate 1r/s leaks one request per second), so a single probe
 *   always passes and a burst of 10 always gets exactly 2 failures. A bucket already used in the last
 *   seconds admits one fewer, which still reads as intermittent.
 */
const LIMIT_ZONE =
  'limit_req_zone $server_addr$http_host$http_cf_connecting_ip zone=stale_pool:1m rate=1r/s;';
const LIMIT = [`limit_req zone=stale_pool burst=${POOL_CAPACITY - 1} nodelay;`, 'limit_req_status 500;'];

/**
 * Incident 003: after a deploy that bumped the version, part of the requests get nginx's own 500 in a few
 * ms without reaching PHP; a single probe passes, a burst of 10 concurrent requests catches it.
 */
export const flappingPoolScenario: Scenario = {
  name: '003-flapping-pool',
  incident: '003',
  description:
    'after a deploy, nginx answers a share of concurrent requests with its own 500 in a few ms: caught by a burst of 10',
  broken: `version ${VERSION} was deployed and php-fpm's reload silently failed; since then nginx lets only ${POOL_CAPACITY} concurrent requests per name reach the pool and answers the rest with its own 500 in a few ms (single requests always pass, so the deploy check was green)`,
  tools: ['nginx', 'php-fpm', 'openssl'],
  burst: 10,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const pool = await startPhpFpm({ version: VERSION, workers: 2 });
      topology.onStop(() => pool.stop());
      const { config, origins } = await startNginxFleet(topology, {
        scenario: '003-flapping-pool',
        origins: ['web1'],
        sites: SITES,
        http: [LIMIT_ZONE],
        siteBody: (site) =>
          renderFastcgiLocation(`= ${site.path}`, {
            socketPath: pool.socketPath,
            docroot: pool.docroot,
            script: 'index.php',
            extra: LIMIT,
          }),
      });
      return {
        config,
        caPath: topology.caPath,
        // A burst no larger than the bucket passes; a larger one always has failures and passes.
        expect: (burst) => ({
          verdicts: expectVerdicts(config, () => (burst <= POOL_CAPACITY ? 'ok' : 'intermittent')),
          findings: [],
        }),
        notes: [`origin: ${describeOrigins(origins)}; php-fpm ${VERSION} on ${pool.socketPath}`],
        stop: () => topology.stop(),
      };
    }),
};
