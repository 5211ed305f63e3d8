import { startAppFleet } from './app-fleet.js';
import { expectVerdicts } from './lab-config.js';
import { describeOrigins } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const DAY_MS = 86_400_000;

/** The origin's certificate expired yesterday: the edge (full strict) answers 526, direct probes fail TLS. */
export const expiredCertificateScenario: Scenario = {
  name: 'expired-certificate',
  description: "the origin's certificate expired: 526 through the edge, tls_expired directly",
  broken:
    'the certificate on web1 expired yesterday (the renewal job stopped); the edge in full-strict mode refuses it with 526 and visitors see an error page',
  tools: ['openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const now = Date.now();
      const { config, origins } = await startAppFleet(topology, {
        scenario: 'expired-certificate',
        origin: 'web1',
        version: '2.0.0',
        certificate: { notBefore: new Date(now - 91 * DAY_MS), notAfter: new Date(now - DAY_MS) },
        sites: [
          {
            name: 'shop',
            hostnames: ['shop.example.test', 'www.example.test'],
            path: '/health',
            origins: ['web1'],
            expect: { status: [200], body: 'ok' },
          },
        ],
      });
      const verdicts = expectVerdicts(config, (target) =>
        target.via === 'edge' ? 'edge_origin_unreachable' : 'tls_expired',
      );
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: ['shared_front_door_down'] }),
        notes: [`origin: ${describeOrigins(origins)}; certificate valid until yesterday`],
        stop: () => topology.stop(),
      };
    }),
};
