import { describe, expect, it } from 'vitest';
import type { ProcessSpawner, SpawnResult } from './spawn-process.js';
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
});
