import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostCommand } from '../../../src/cli/host-command.js';
import { requireTools } from '../lab/require-tools.js';
import { captureIo } from './capture-io.js';

const tools = requireTools(['nginx']);

describe.skipIf(tools.skip)('frontdoor host: configuration drift on this machine', () => {
  let dir = '';
  let mainConfig = '';
  let stateDir = '';
  const upstream = (port: number) => `upstream app {\n    server 127.0.0.1:${port};\n}\n`;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-host-drift-'));
    stateDir = join(dir, 'state');
    mainConfig = join(dir, 'nginx.conf');
    await mkdir(join(dir, 'conf.d'));
    // A private error log and pid keep `nginx -t` away from the packaged /var/log and /run paths.
    await writeFile(
      mainConfig,
      `error_log ${join(dir, 'error.log')};\npid ${join(dir, 'nginx.pid')};\nevents {}\nhttp {\n    include conf.d/*.conf;\n}\n`,
    );
    await writeFile(join(dir, 'conf.d/app.conf'), upstream(9000));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (args: string[]) => {
    const io = captureIo(dir);
    const code = await hostCommand([...args, '--nginx-config', mainConfig, '--state-dir', stateDir], io);
    return { code, out: io.out(), err: io.err() };
  };

  it('accepts a baseline, then reports an edited include as config_drift with its unified diff', async () => {
    const baseline = await run(['baseline']);
    expect(baseline.code).toBe(0);
    expect(baseline.out).toContain(`baseline accepted: ${mainConfig} and 1 included files`);

    const clean = JSON.parse((await run(['--json'])).out);
    expect(clean.drift).toMatchObject({ checked: true, verdict: 'ok', changed: [] });
    expect(clean.drift.nginxTest.status).toBe('passed');

    await writeFile(join(dir, 'conf.d/app.conf'), upstream(9001));
    await writeFile(join(dir, 'conf.d/extra.conf'), 'map $host $x { default 1; }\n');
    const drifted = await run(['--json']);
    expect(drifted.code).toBe(1);
    const json = JSON.parse(drifted.out);
    expect(json.ok).toBe(false);
    expect(json.results.at(-1)).toMatchObject({
      target: `configuration ${mainConfig}`,
      verdict: 'config_drift',
      layer: 'host',
    });
    expect(json.drift.changed).toEqual([join(dir, 'conf.d/app.conf')]);
    expect(json.drift.added).toEqual([join(dir, 'conf.d/extra.conf')]);
    expect(json.drift.diff).toContain(
      `--- a${join(dir, 'conf.d/app.conf')}\n+++ b${join(dir, 'conf.d/app.conf')}\n@@ -1,3 +1,3 @@\n upstream app {\n-    server 127.0.0.1:9000;\n+    server 127.0.0.1:9001;\n }\n`,
    );

    const text = await run([]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('config_drift');
    expect(text.out).toContain('+    server 127.0.0.1:9001;');
    expect(text.out).toContain('nginx -t: passed');
  });

  it('reports a configuration nginx rejects, with nginx -t’s message', async () => {
    await run(['baseline']);
    await writeFile(join(dir, 'conf.d/app.conf'), 'upstream app {\n    servr 127.0.0.1:9000;\n}\n');
    const json = JSON.parse((await run(['--json'])).out);
    expect(json.drift.verdict).toBe('config_drift');
    expect(json.drift.nginxTest.status).toBe('failed');
    expect(json.drift.nginxTest.message).toContain('unknown directive "servr"');
  });

  it('takes listeners, nginx_config and state_dir from frontdoor.yaml, relative to the file', async () => {
    const socket = join(dir, 'php8.2-fpm.sock');
    await writeFile(
      join(dir, 'frontdoor.yaml'),
      `host:\n  listeners: { "unix:${socket}": php-fpm }\n  nginx_config: ./nginx.conf\n  state_dir: ./state\n`,
    );
    const io = captureIo(dir);
    expect(await hostCommand(['baseline', '-c', 'frontdoor.yaml'], io)).toBe(0);
    expect(io.out()).toContain(`stored in ${stateDir}/`);
    const check = captureIo(dir);
    expect(await hostCommand(['-c', 'frontdoor.yaml', '--json'], check)).toBe(1);
    const json = JSON.parse(check.out());
    expect(json.results.map((r: { verdict: string }) => r.verdict)).toEqual(['socket_missing', 'ok']);
  });

  it('refuses a named configuration file that does not exist: FD_ERR_NGINX_CONFIG, which main prints as one line, exit 2', async () => {
    const missing = join(dir, 'missing.conf');
    await expect(
      hostCommand(['--nginx-config', missing, '--state-dir', stateDir], captureIo(dir)),
    ).rejects.toMatchObject({
      code: 'FD_ERR_NGINX_CONFIG',
      message: `cannot read nginx configuration ${missing}: no such file or directory (ENOENT)`,
    });
  });
});
