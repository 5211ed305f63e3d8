import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expectVerdicts } from './lab-config.js';
import { describeOrigins, startNginxFleet } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

/**
 * nginx makes a 500 itself: a try_files fallback to a file the release no longer ships sends every request
 * round an internal redirect loop ("rewrite or internal redirection cycle"), and nginx gives up with 500.
 */
export const proxy500Scenario: Scenario = {
  name: 'proxy-500',
  description: 'nginx makes the 500 itself (internal redirection cycle), no app involved',
  broken:
    "the new release's docroot on web1 lacks index.html, which try_files falls back to: nginx loops on the internal redirect and answers its own 500 in a few ms",
  tools: ['nginx', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const docroot = join(topology.dir, 'release-2.0.0');
      await mkdir(docroot, { mode: 0o755 });
      const { config, origins } = await startNginxFleet(topology, {
        scenario: 'proxy-500',
        origins: ['web1'],
        sites: [
          {
            name: 'www',
            hostnames: ['www.example.test'],
            path: '/account',
            origins: ['web1'],
            expect: { status: [200] },
          },
        ],
        siteBody: () => [`root ${docroot};`, 'location / { try_files $uri $uri/ /index.html; }'].join('\n'),
      });
      const verdicts = expectVerdicts(config, () => 'proxy_generated_error');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origin: ${describeOrigins(origins)}; root ${docroot} is empty`],
        stop: () => topology.stop(),
      };
    }),
};
