import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNginx } from '../../../src/lab/nginx-server.js';
import { runBuiltCli } from '../cli/run-built-cli.js';
import { requireTools } from '../lab/require-tools.js';
import { openDoor, SHOP_HOST, useGateServers, useGateWorkDir } from './gate-lab.js';

const workDir = useGateWorkDir('frontdoor-verify-shared-host-');
const tools = requireTools(['nginx']);

/**
 * The defect as reported: two sites on one hostname, different paths, both once named "HOST via edge".
 * The gate keyed its samples by that name, so one site's 2 s outage was measured as a ~100 ms gap (the
 * other site's passes closed it) and `--allow-gap 500ms` passed the gate.
 */
describe.skipIf(tools.skip)('frontdoor verify --during: two sites sharing a hostname', () => {
  const { servers } = useGateServers();

  it('reports the real gap of the site that went down, keyed by its id, and fails --allow-gap 500ms', async () => {
    const dir = workDir();
    const root = join(dir, 'www');
    for (const site of ['shop', 'api']) {
      await mkdir(join(root, site), { recursive: true });
      await writeFile(join(root, site, 'health'), 'ok\n');
    }
    // nginx's workers run as nobody when the tests run as root
    await chmod(dir, 0o755);
    const door = await openDoor();
    servers.push(
      await startNginx({
        httpBlock: `
          server {
            listen ${door.address}:${door.port};
            server_name ${SHOP_HOST};
            root ${root};
            default_type text/plain;
          }`,
      }),
    );
    const config = join(dir, 'frontdoor.yaml');
    await writeFile(
      config,
      [
        'resolve:',
        `  ${SHOP_HOST}: ${door.address}`,
        'sites:',
        '  shop:',
        `    url: http://${SHOP_HOST}:${door.port}/shop/health`,
        '  api:',
        `    url: http://${SHOP_HOST}:${door.port}/api/health`,
        '',
      ].join('\n'),
    );
    // The deploy takes the api site down for 2 s (404 from nginx); the shop site stays up throughout.
    const health = join(root, 'api', 'health');
    const deploy = `rm ${health}; echo api down; sleep 2; echo ok > ${health}; echo api up; sleep 0.3`;
    const run = await runBuiltCli(
      [
        'verify',
        '-c',
        config,
        '--interval',
        '100ms',
        '--allow-gap',
        '500ms',
        '--json',
        '--junit',
        'shared.xml',
        '--summary',
        'shared.md',
        '--during',
        '--',
        'sh',
        '-c',
        deploy,
      ],
      { cwd: dir },
    );
    expect(run.stderr).toContain('deploy| api down');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const shopId = `shop:${SHOP_HOST}:${door.port}/shop/health@edge`;
    const apiId = `api:${SHOP_HOST}:${door.port}/api/health@edge`;
    expect(report.results.map((result: { id: string }) => result.id)).toEqual([shopId, apiId]);
    const perTarget = new Map<string, { target: string; failed: number; longestGapMs: number }>(
      report.gate.deploy.perTarget.map((entry: { id: string }) => [entry.id, entry]),
    );
    const shop = perTarget.get(shopId);
    const api = perTarget.get(apiId);
    expect(shop?.failed).toBe(0);
    expect(api?.failed).toBeGreaterThan(0);
    // the window spans the 2 s sleep: at least that minus one interval, at most the whole deploy
    expect(api?.longestGapMs).toBeGreaterThanOrEqual(2000 - 100);
    expect(api?.longestGapMs).toBeLessThanOrEqual(report.gate.deploy.durationMs);
    // display names are unique: the path tells the two apart
    expect(api?.target).toBe(`${SHOP_HOST}:${door.port}/api/health via edge`);
    expect(shop?.target).not.toBe(api?.target);
    const apiName = escapeRegExp(`${SHOP_HOST}:${door.port}/api/health via edge`);
    expect(report.gate.reasons).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${apiName}: \\d+ of \\d+ requests failed during the deploy, longest gap [\\d.]+ s \\(allowed 500 ms\\)$`,
        ),
      ),
    ]);
    // both report files carry the id beside the name
    const junit = await readFile(join(dir, 'shared.xml'), 'utf8');
    expect(junit).toContain(`<property name="id" value="${apiId}"/>`);
    const apiCase = junit.slice(junit.indexOf(`name="${SHOP_HOST}:${door.port}/api/health via edge"`));
    expect(apiCase.slice(0, apiCase.indexOf('</testcase>'))).toContain('failed during deploy');
    const summary = await readFile(join(dir, 'shared.md'), 'utf8');
    expect(summary).toContain(`| ${apiId} |`);
    expect(summary).toContain(`| ${shopId} |`);
  }, 30_000);
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
