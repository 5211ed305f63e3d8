import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from '../../../src/lab/http-receiver.js';
import { type PagerDutyReceiver, startPagerDutyReceiver } from '../../../src/lab/pagerduty-receiver.js';
import { renderConfigYaml } from '../../../src/lab/render-config-yaml.js';
import { edge521Scenario } from '../../../src/lab/scenarios/edge-521.js';
import { findingCodes, useScenario, verdictsOf } from '../scenarios/scenario-harness.js';
import { FAST_RETRY, FAST_WATCH, pollUntil, readOutbox, startServe } from '../watch/alerting-harness.js';
import type { ServeProcess } from '../watch/serve-process.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';

const lab = useScenario(edge521Scenario);

describe.skipIf(lab.skip)('incident 000: nginx down on every origin behind the CDN', () => {
  it('names the edge 521 on every hostname and a shut door on each origin', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'www.example.test via edge': 'edge_origin_unreachable',
      'shop.example.test via edge': 'edge_origin_unreachable',
      'www.example.test via web1': 'connect_refused',
      'www.example.test via web2': 'connect_refused',
      'shop.example.test via web1': 'connect_refused',
      'shop.example.test via web2': 'connect_refused',
    });
    expect(report.results[0]?.status).toBe(521);
    expect(findingCodes(report)).toEqual(['shared_front_door_down', 'shared_front_door_down', 'fleet_wide']);
    const [web1Door, web2Door, fleet] = report.findings;
    expect(web1Door?.targets).toEqual(['www.example.test via web1', 'shop.example.test via web1']);
    expect(web2Door?.targets).toEqual(['www.example.test via web2', 'shop.example.test via web2']);
    expect(fleet?.summary).toContain('web1 and web2');
    lab.expectMatch(report);
  });

  it('shows the squatter on the same port of another address', () => {
    const { config, notes } = lab.running();
    const web1 = config.origins.web1;
    expect(notes.join('\n')).toContain(`holds port ${web1?.port}`);
  });
});

describe.skipIf(lab.skip)('incident 000 through frontdoor serve', () => {
  let dir = '';
  const running: ServeProcess[] = [];
  let pd: PagerDutyReceiver | undefined;
  let hook: HttpReceiver | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-000-'));
  });
  afterEach(async () => {
    for (const serve of running.splice(0)) await serve.stop('SIGKILL');
    await pd?.close();
    await hook?.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('pages exactly once for every hostname failing on both origins, however long it lasts', async () => {
    pd = await startPagerDutyReceiver([ROUTING_KEY]);
    hook = await startHttpReceiver(() => ({ status: 200 }));
    const config = join(dir, 'frontdoor.yaml');
    const alerts = {
      channels: {
        oncall: { type: 'pagerduty', routing_key: ROUTING_KEY, url: pd.url },
        hook: { type: 'webhook', url: `${hook.origin}/frontdoor` },
      },
      policies: { page: { channels: ['oncall', 'hook'], 'failure-threshold': 2 } },
      retry: FAST_RETRY,
    };
    await writeFile(config, renderConfigYaml(lab.running().config, { watch: FAST_WATCH, alerts }));
    const store = join(dir, 'frontdoor.db');
    const { url } = await startServe(config, store, dir, running);
    await pollUntil(() => pd !== undefined && pd.pages() === 1);
    // Ten more rounds of the same outage: targets join, rounds fail, and nobody is paged again.
    const after = readOutbox(store).batches;
    await pollUntil(() => readOutbox(store).batches >= after + 10);
    await pollUntil(() => readOutbox(store).rows.every((row) => row.state === 'delivered'));

    expect(pd.pages()).toBe(1);
    expect(pd.events.filter((event) => event.event_action === 'trigger')).toHaveLength(
      readOutbox(store).rows.filter((row) => row.channel === 'oncall').length,
    );
    const kinds = hook.requests.map((request) => request.headers['x-frontdoor-event']);
    expect(kinds[0]).toBe('opened');
    expect(kinds.filter((kind) => kind === 'opened')).toHaveLength(1);
    const keys = hook.requests.map((request) => String(request.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(keys.length);

    const listed = (await (await fetch(`${url}/api/v1/incidents?state=open`)).json()) as {
      incidents: Array<{ id: string; cause: { code: string } }>;
    };
    expect(listed.incidents).toHaveLength(1);
    const incident = (await (await fetch(`${url}/api/v1/incidents/${listed.incidents[0]?.id}`)).json()) as {
      targets: Array<{ name: string }>;
      notifications: Array<{ deliveries: Array<{ channel: string; outcome: string }> }>;
    };
    expect(incident.targets.map((target) => target.name).sort()).toEqual(
      Object.keys(verdictsOf(await lab.check())).sort(),
    );
    // every notification reached both channels
    for (const notification of incident.notifications) {
      const sent = notification.deliveries.filter((delivery) => delivery.outcome === 'sent');
      expect(sent.map((delivery) => delivery.channel).sort()).toEqual(['hook', 'oncall']);
    }
  });
});
