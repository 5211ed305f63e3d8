import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPidAlive } from '../../../src/lab/child-pids.js';
import { type PrometheusServer, startPrometheus } from '../../../src/lab/prometheus-server.js';
import { requireTools } from './require-tools.js';

const tools = requireTools(['prometheus']);

describe.skipIf(tools.skip)('startPrometheus', () => {
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    // Nothing to scrape here; the second test starts another Prometheus that scrapes this one.
    prometheus = await startPrometheus({
      scrapeConfigs: [{ job_name: 'nothing', static_configs: [{ targets: [] }] }],
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  it('runs on a loopback address with the generated configuration, and answers queries', async () => {
    const server = prometheus as PrometheusServer;
    expect(server.address).toMatch(/^127\./);
    expect(JSON.parse(await readFile(server.configPath, 'utf8'))).toEqual({
      global: { scrape_interval: '1s', scrape_timeout: '1s' },
      scrape_configs: [{ job_name: 'nothing', static_configs: [{ targets: [] }] }],
    });
    expect(await server.query('vector(42)')).toEqual([{ metric: {}, value: 42 }]);
  });

  it('scrapes what the configuration names and says why a wait failed', async () => {
    const self = prometheus as PrometheusServer;
    const scraper = await startPrometheus({
      scrapeConfigs: [
        { job_name: 'self', static_configs: [{ targets: [`${self.address}:${self.port}`] }] },
        { job_name: 'dead', static_configs: [{ targets: [`${self.address}:1`] }] },
      ],
    });
    try {
      const up = await scraper.waitFor('up{job="self"} == 1');
      expect(up[0]?.metric.instance).toBe(`${self.address}:${self.port}`);
      const failure = await scraper
        .waitFor('up{job="dead"} == 1', { timeoutMs: 1500 })
        .catch((error: unknown) => error);
      expect(String(failure)).toContain(`${self.address}:1/metrics: down (`);
    } finally {
      await scraper.stop();
    }
    expect(existsSync(scraper.dir)).toBe(false);
    expect(isPidAlive(scraper.pid)).toBe(false);
  });

  it('reports a query Prometheus refuses', async () => {
    await expect((prometheus as PrometheusServer).query('up{')).rejects.toMatchObject({ code: 'FD_ERR_LAB' });
  });
});
