import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTargets } from '../../../src/config/expand-targets.js';
import { type PrometheusServer, startPrometheus } from '../../../src/lab/prometheus-server.js';
import { renderConfigYaml } from '../../../src/lab/render-config-yaml.js';
import { healthyScenario } from '../../../src/lab/scenarios/healthy.js';
import { requireTools } from '../lab/require-tools.js';
import { useScenario } from '../scenarios/scenario-harness.js';
import { startServe } from './alerting-harness.js';
import { countStoredRounds, inspectStore } from './serve-process.js';
import { useServeSandbox } from './serve-sandbox.js';

// Short intervals keep the suite fast; the timeout is generous because the lab's edge emulator shares this
// test process and two cores with every other test file.
const WATCH = { interval: '300ms', burst: 1, timeout: '5s', concurrency: 16, origin_concurrency: 4 };

const lab = useScenario(healthyScenario);
const prometheusTool = requireTools(['prometheus']);

describe.skipIf(lab.skip)('frontdoor serve against the lab (healthy fleet)', () => {
  const sandbox = useServeSandbox('frontdoor-serve-');
  const { running } = sandbox;

  async function writeConfig(
    name: string,
    extra: Record<string, unknown> = { watch: WATCH },
  ): Promise<string> {
    const path = join(sandbox.dir(), name);
    await writeFile(path, renderConfigYaml(lab.running().config, extra));
    return path;
  }

  const start = (config: string, store: string) => startServe(config, store, sandbox.dir(), running);

  /** Calls `check` every 200 ms until it is true, for at most 30 s. */
  async function pollUntil(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const targetIds = () => expandTargets(lab.running().config).map((target) => target.id);

  it('probes every target on schedule, stores each round, and stops cleanly on SIGTERM', async () => {
    const config = await writeConfig('schedule.yaml');
    const store = join(sandbox.dir(), 'schedule.db');
    const { serve, url } = await start(config, store);
    await serve.waitForLog(
      () =>
        Object.keys(Object.fromEntries(countStoredRounds(store))).length === targetIds().length &&
        [...countStoredRounds(store).values()].every((n) => n >= 4),
    );
    // A healthy fleet reads ok everywhere once the lab has warmed up (a round may fail while the machine is
    // saturated; the watch is judged on what it settles on, not on one round).
    await pollUntil(async () => {
      const listed = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
        targets: Array<{ latest: { verdict: string } | null }>;
      };
      return (
        listed.targets.length === targetIds().length &&
        listed.targets.every((target) => target.latest?.verdict === 'ok')
      );
    });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const stopped = await serve.stop('SIGTERM');
    expect(stopped).toEqual({ code: 0, signal: null });
    expect(serve.logs.at(-1)).toMatchObject({ msg: 'frontdoor serve: stopped', flushed: true });
    expect(inspectStore(store).integrity).toBe('ok');
    const counts = countStoredRounds(store);
    expect([...counts.keys()].sort()).toEqual([...targetIds()].sort());
  });

  it('keeps history across a restart and resumes the schedule', async () => {
    const config = await writeConfig('restart.yaml');
    const store = join(sandbox.dir(), 'restart.db');
    const first = await start(config, store);
    await first.serve.waitForLog(() => (countStoredRounds(store).get(targetIds()[0] ?? '') ?? 0) >= 3);
    expect((await first.serve.stop('SIGTERM')).code).toBe(0);
    const before = countStoredRounds(store);
    const restartedAt = Date.now();

    const second = await start(config, store);
    const id = targetIds()[0] ?? '';
    await second.serve.waitForLog(() => (countStoredRounds(store).get(id) ?? 0) >= (before.get(id) ?? 0) + 3);
    const history = (await (
      await fetch(`${second.url}/api/v1/targets/${encodeURIComponent(id)}/history?since=10m`)
    ).json()) as { resolution: string; points: Array<{ at: string }> };
    expect(history.resolution).toBe('raw');
    expect(history.points.filter((point) => Date.parse(point.at) < restartedAt)).toHaveLength(
      before.get(id) ?? -1,
    );
    expect(history.points.some((point) => Date.parse(point.at) >= restartedAt)).toBe(true);
    expect((await second.serve.stop('SIGTERM')).code).toBe(0);
  });

  it('refuses a broken file on SIGHUP and keeps watching; a good file adds and removes targets', async () => {
    const config = await writeConfig('reload.yaml');
    const store = join(sandbox.dir(), 'reload.db');
    const { serve, url } = await start(config, store);
    await writeFile(config, 'sites:\n  shop: { url: [not, a, url] }\n  : broken\n');
    serve.child.kill('SIGHUP');
    const refused = await serve.waitForLog(
      (line) => line.msg === 'frontdoor serve: reload refused; the running configuration stays',
    );
    expect(refused.reason).toMatch(/^reload\.yaml:\d+:\d+: /);
    const id = targetIds()[0] ?? '';
    const counted = countStoredRounds(store).get(id) ?? 0;
    await serve.waitForLog(() => (countStoredRounds(store).get(id) ?? 0) >= counted + 3);
    const listed = (await (await fetch(`${url}/api/v1/targets`)).json()) as { targets: unknown[] };
    expect(listed.targets).toHaveLength(targetIds().length);

    // Only the shop site remains: the blog's targets stop, and are forgotten by the API and /metrics.
    const shopOnly = { ...lab.running().config, sites: { shop: lab.running().config.sites.shop as never } };
    await writeFile(config, renderConfigYaml(shopOnly, { watch: WATCH }));
    serve.child.kill('SIGHUP');
    const reloaded = await serve.waitForLog((line) => line.msg === 'frontdoor serve: configuration reloaded');
    const shopTargets = expandTargets(shopOnly).length;
    expect(reloaded).toMatchObject({
      added: 0,
      removed: targetIds().length - shopTargets,
      targets: shopTargets,
    });
    const after = (await (await fetch(`${url}/api/v1/targets`)).json()) as {
      targets: Array<{ site: string }>;
    };
    expect(after.targets.map((target) => target.site)).toEqual(new Array(shopTargets).fill('shop'));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).not.toContain('site="blog"');
    expect((await serve.stop('SIGTERM')).code).toBe(0);
  });

  it('survives kill -9 while writing: the file checks ok, history is there, and a restart carries on', async () => {
    const config = await writeConfig('crash.yaml');
    const store = join(sandbox.dir(), 'crash.db');
    const { serve } = await start(config, store);
    await serve.waitForLog(() => inspectStore(store).batches >= 5);
    const killed = await serve.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    const after = inspectStore(store);
    expect(after.integrity).toBe('ok');
    expect(after.batches).toBeGreaterThanOrEqual(5);
    const before = countStoredRounds(store);

    const again = await start(config, store);
    const id = targetIds()[0] ?? '';
    await again.serve.waitForLog(() => (countStoredRounds(store).get(id) ?? 0) > (before.get(id) ?? 0));
    expect((await again.serve.stop('SIGTERM')).code).toBe(0);
    expect(inspectStore(store).integrity).toBe('ok');
  });

  it.skipIf(prometheusTool.skip)(
    'is scraped by a real Prometheus, whose query API returns every lab target',
    async () => {
      const config = await writeConfig('prometheus.yaml');
      const { serve, url } = await start(config, join(sandbox.dir(), 'prometheus.db'));
      let prometheus: PrometheusServer | undefined;
      try {
        prometheus = await startPrometheus({
          scrapeInterval: '1s',
          scrapeConfigs: [{ job_name: 'frontdoor', static_configs: [{ targets: [new URL(url).host] }] }],
        });
        const expected = expandTargets(lab.running().config).map(
          (target) => `${target.hostname} via ${target.via}`,
        );
        const up = await prometheus.waitFor('frontdoor_target_up{job="frontdoor"}', {
          timeoutMs: 30_000,
          accept: (samples) =>
            samples.length === expected.length && samples.every((sample) => sample.value === 1),
        });
        expect(up.map((sample) => `${sample.metric.hostname} via ${sample.metric.origin}`).sort()).toEqual(
          [...expected].sort(),
        );
        expect(
          up.every((sample) => sample.metric.location === 'local' && sample.metric.url === undefined),
        ).toBe(true);
        const lag = await prometheus.waitFor('frontdoor_scheduler_lag_seconds{job="frontdoor"}');
        expect(lag).toHaveLength(1);
      } finally {
        await prometheus?.stop();
      }
      expect((await serve.stop('SIGTERM')).code).toBe(0);
    },
  );
});
