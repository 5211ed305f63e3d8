import { describe, expect, it } from 'vitest';
import type { ProcessSpawner, SpawnResult } from '../process/spawn-process.js';
import { testNginxConfig } from './test-nginx-config.js';

const answering = (result: SpawnResult) => {
  const calls: string[][] = [];
  const spawner: ProcessSpawner = async (file, args) => {
    calls.push([file, ...args]);
    return result;
  };
  return { spawner, calls };
};

describe('testNginxConfig', () => {
  it('runs nginx -t -c FILE and keeps its message on success', async () => {
    const { spawner, calls } = answering({
      exitCode: 0,
      stdout: '',
      stderr:
        'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
    });
    const result = await testNginxConfig('/etc/nginx/nginx.conf', spawner, '/usr/sbin/nginx');
    expect(calls).toEqual([['/usr/sbin/nginx', '-t', '-c', '/etc/nginx/nginx.conf']]);
    expect(result).toEqual({
      status: 'passed',
      message:
        'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful',
    });
  });

  it('reports a failure with nginx’s own words', async () => {
    const stderr =
      'nginx: [emerg] unknown directive "servr" in /etc/nginx/conf.d/app.conf:2\nnginx: configuration file /etc/nginx/nginx.conf test failed\n';
    const result = await testNginxConfig(
      '/etc/nginx/nginx.conf',
      answering({ exitCode: 1, stdout: '', stderr }).spawner,
    );
    expect(result.status).toBe('failed');
    expect(result.message).toContain('unknown directive "servr"');
  });

  it('says when nginx is not installed', async () => {
    const result = await testNginxConfig(
      '/x',
      answering({ exitCode: null, stdout: '', stderr: '', errorCode: 'ENOENT' }).spawner,
    );
    expect(result.status).toBe('not_installed');
  });

  // What Debian's nginx 1.22 printed for `runuser -u nobody -- nginx -t` on its stock configuration.
  const asUser = [
    '2026/11/23 16:30:00 [warn] 4242#4242: the "user" directive makes sense only if the master process runs with super-user privileges, ignored in /etc/nginx/nginx.conf:1',
    'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok',
    '2026/11/23 16:30:00 [emerg] 4242#4242: open() "/run/nginx.pid" failed (13: Permission denied)',
    'nginx: configuration file /etc/nginx/nginx.conf test failed',
  ].join('\n');

  it('says it needs root when nothing but permissions stopped a non-root run, keeping nginx’s words', async () => {
    const { spawner } = answering({ exitCode: 1, stdout: '', stderr: asUser });
    const result = await testNginxConfig('/etc/nginx/nginx.conf', spawner, 'nginx', () => false);
    expect(result).toEqual({ status: 'needs_root', message: asUser });
  });

  it('says it needs root when a sandbox made the pid file read-only (systemd ProtectSystem=strict)', async () => {
    const sandboxed = asUser.replace('(13: Permission denied)', '(30: Read-only file system)');
    const { spawner } = answering({ exitCode: 1, stdout: '', stderr: sandboxed });
    const result = await testNginxConfig('/etc/nginx/nginx.conf', spawner, 'nginx', () => false);
    expect(result.status).toBe('needs_root');
  });

  it('still fails a non-root run that also hit a configuration error, and a root run denied access', async () => {
    const withError = `${asUser}\nnginx: [emerg] unknown directive "servr" in /etc/nginx/conf.d/app.conf:2`;
    const user = await testNginxConfig(
      '/etc/nginx/nginx.conf',
      answering({ exitCode: 1, stdout: '', stderr: withError }).spawner,
      'nginx',
      () => false,
    );
    expect(user.status).toBe('failed');
    const root = await testNginxConfig(
      '/etc/nginx/nginx.conf',
      answering({ exitCode: 1, stdout: '', stderr: asUser }).spawner,
      'nginx',
      () => true,
    );
    expect(root.status).toBe('failed');
  });
});
