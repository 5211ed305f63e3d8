import { startAppBackend } from './app-backend.js';
import { type NginxServer, startNginx } from './nginx-server.js';
import type { LabSite } from './scenarios/lab-config.js';
import { renderDoor, renderProxyLocation, renderUpstream } from './scenarios/nginx-blocks.js';
import type { RunningScenario } from './scenarios/scenario.js';
import { createTopology, type Endpoint, startEdgeForSites } from './scenarios/topology.js';

export interface OutageLabOptions {
  /**
   * how many sites, each with a public and an internal hostname (default 4): every fourth is an acceptance
   * site served by web2 alone, the others production sites on web1 and web2
   */
  sites?: number;
}

export interface OutageLab extends Pick<RunningScenario, 'config' | 'caPath'> {
  /** stops the named origin's nginx, as incident 000's failed restart did: its port refuses connections */
  breakOrigin(name: 'web1' | 'web2'): Promise<void>;
  /** starts it again on the same address and port with the same configuration */
  restoreOrigin(name: 'web1' | 'web2'): Promise<void>;
  stop(): Promise<void>;
}

const VERSION = '2.0.0';

/**
 * A healthy fleet whose front door can be shut and reopened while it is watched: the CDN edge in front of
 * two origins, each its own nginx (so one can go down alone) proxying every site it serves to one app. The
 * dashboard's browser tests, screenshots and benchmark run the watch on it and watch incident 000 happen
 * to web1 and recover: one cause, one production incident, since acceptance lives on web2 alone.
 */
export async function startOutageLab(options: OutageLabOptions = {}): Promise<OutageLab> {
  const topology = await createTopology({ tls: true });
  try {
    const app = await startAppBackend({ version: VERSION });
    topology.onStop(() => app.close());
    const count = options.sites ?? 4;
    const names = ['shop', 'blog', 'docs', 'api', 'status', 'mail', 'wiki', 'cdn'];
    const sites: LabSite[] = Array.from({ length: count }, (_, index) => {
      const name = names[index] ?? `site${index + 1}`;
      const acceptance = index % 4 === 3;
      return {
        name,
        environment: acceptance ? 'acceptance' : 'production',
        hostnames: [`${name}.example.test`, `${name}.internal.test`],
        path: '/health',
        origins: acceptance ? ['web2'] : ['web1', 'web2'],
        edgeOrigin: acceptance || index % 2 === 1 ? 'web2' : 'web1',
        expect: { status: [200], body: 'ok', version: VERSION },
      };
    });
    const cert = await topology.issue(sites.flatMap((site) => site.hostnames));
    const origins: Record<'web1' | 'web2', Endpoint> = {
      web1: await topology.allocateEndpoint(),
      web2: await topology.allocateEndpoint(),
    };
    const blocks: Record<'web1' | 'web2', string> = { web1: '', web2: '' };
    const running = new Map<'web1' | 'web2', NginxServer>();
    for (const name of ['web1', 'web2'] as const) {
      blocks[name] = [
        renderUpstream('app', [{ host: app.address, port: app.port }]),
        renderDoor({
          endpoint: origins[name],
          cert,
          defaultServer: 'drop',
          sites: sites
            .filter((site) => site.origins.includes(name))
            .map((site) => ({ names: site.hostnames, body: renderProxyLocation('/', 'app') })),
        }),
      ].join('\n');
      running.set(name, await startNginx({ httpBlock: blocks[name] }));
    }
    topology.onStop(async () => {
      for (const nginx of running.values()) await nginx.stop();
      running.clear();
    });
    const config = await startEdgeForSites(topology, {
      scenario: 'outage-lab',
      sites,
      origins,
      environments: { production: 'page', acceptance: 'quiet' },
    });
    return {
      config,
      caPath: topology.caPath,
      async breakOrigin(name) {
        const nginx = running.get(name);
        running.delete(name);
        await nginx?.stop();
      },
      async restoreOrigin(name) {
        if (running.has(name)) return;
        running.set(name, await startNginx({ httpBlock: blocks[name] }));
      },
      stop: () => topology.stop(),
    };
  } catch (error) {
    await topology.stop().catch(() => undefined);
    throw error;
  }
}
