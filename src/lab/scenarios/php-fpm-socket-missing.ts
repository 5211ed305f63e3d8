import { startPhpFpm } from '../php-fpm-server.js';
import { expectVerdicts } from './lab-config.js';
import { renderFastcgiLocation } from './nginx-blocks.js';
import { describeOrigins, startNginxFleet } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

/**
 * nginx hands PHP to a unix socket that does not exist (php-fpm is not running there), so it answers 502
 * itself. php-fpm is not needed: its absence is the failure.
 */
export const phpFpmSocketMissingScenario: Scenario = {
  name: 'php-fpm-socket-missing',
  description: "nginx's fastcgi_pass names a php-fpm socket that does not exist: 502 Bad Gateway",
  broken:
    "php-fpm is not listening on the socket nginx's fastcgi_pass names (the pool failed to start after an upgrade), so nginx answers 502 without reaching PHP",
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const pool = await startPhpFpm({ start: false });
      topology.onStop(() => pool.stop());
      const { config, origins } = await startNginxFleet(topology, {
        scenario: 'php-fpm-socket-missing',
        origins: ['web1'],
        sites: [
          {
            name: 'blog',
            hostnames: ['blog.example.test'],
            path: '/index.php',
            origins: ['web1'],
            expect: { status: [200], body: 'ok' },
          },
        ],
        siteBody: () =>
          renderFastcgiLocation('/', {
            socketPath: pool.socketPath,
            docroot: pool.docroot,
            script: 'index.php',
          }),
      });
      const verdicts = expectVerdicts(config, () => 'proxy_upstream_unavailable');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origin: ${describeOrigins(origins)}; fastcgi_pass unix:${pool.socketPath} (no such file)`],
        stop: () => topology.stop(),
      };
    }),
};
