import { startAppBackend } from '../app-backend.js';
import { startPhpFpm } from '../php-fpm-server.js';
import { expectVerdicts, type LabSite } from './lab-config.js';
import { renderFastcgiLocation, renderProxyLocation, renderUpstream } from './nginx-blocks.js';
import { describeOrigins, startNginxFleet } from './nginx-fleet.js';
import type { Scenario } from './scenario.js';
import { withTopology } from './topology.js';

const VERSION = '2.0.0';
const EXPECT = { status: [200], body: 'ok', version: VERSION };

const SITES: LabSite[] = [
  {
    name: 'shop',
    environment: 'production',
    hostnames: ['shop.example.test', 'shop.internal.test'],
    path: '/health',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web1',
    expect: EXPECT,
  },
  {
    name: 'blog',
    environment: 'production',
    hostnames: ['blog.example.test', 'blog.internal.test'],
    path: '/index.php',
    origins: ['web1', 'web2'],
    edgeOrigin: 'web2',
    expect: EXPECT,
  },
];

/** Nothing is broken: the control case, where every verdict must be ok and no finding may appear. */
export const healthyScenario: Scenario = {
  name: 'healthy',
  description: 'a healthy fleet (two origins, public and internal names, app and php-fpm): zero false alarms',
  broken: 'nothing: two nginx origins serve a node app and a php-fpm site under public and internal names',
  tools: ['nginx', 'php-fpm', 'openssl'],
  burst: 1,
  concurrency: 8,
  start: () =>
    withTopology({ tls: true }, async (topology) => {
      const app = await startAppBackend({ version: VERSION });
      topology.onStop(() => app.close());
      const pool = await startPhpFpm({ version: VERSION });
      topology.onStop(() => pool.stop());
      const { config, origins } = await startNginxFleet(topology, {
        scenario: 'healthy',
        origins: ['web1', 'web2'],
        sites: SITES,
        http: [renderUpstream('shop_app', [{ host: app.address, port: app.port }])],
        siteBody: (site) =>
          site.name === 'shop'
            ? renderProxyLocation('/', 'shop_app')
            : renderFastcgiLocation('/', {
                socketPath: pool.socketPath,
                docroot: pool.docroot,
                script: 'index.php',
              }),
        environments: { production: 'page' },
      });
      const verdicts = expectVerdicts(config, () => 'ok');
      return {
        config,
        caPath: topology.caPath,
        expect: () => ({ verdicts, findings: [] }),
        notes: [`origins: ${describeOrigins(origins)}`],
        stop: () => topology.stop(),
      };
    }),
};
