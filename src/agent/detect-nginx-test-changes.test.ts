import { describe, expect, it } from 'vitest';
import { detectNginxTestChanges } from './detect-nginx-test-changes.js';
import type { NginxTestState } from './host-snapshot.js';

const config = '/etc/nginx/nginx.conf';
const state = (status: NginxTestState['status'], output: string[] = []): NginxTestState => ({
  status,
  config,
  output,
  outputTruncated: false,
});
const ok = state('passed', ['nginx: configuration file /etc/nginx/nginx.conf test is successful']);
const unknownDirective = state('failed', [
  'nginx: [emerg] unknown directive "servr" in /etc/nginx/conf.d/app.conf:2',
  'nginx: configuration file /etc/nginx/nginx.conf test failed',
]);
const missingCert = state('failed', [
  'nginx: [emerg] cannot load certificate "/etc/ssl/shop.pem": BIO_new_file() failed',
  'nginx: configuration file /etc/nginx/nginx.conf test failed',
]);

describe('detectNginxTestChanges', () => {
  it('reports nginx -t starting to fail, with its output lines', () => {
    expect(detectNginxTestChanges(ok, unknownDirective)).toEqual([
      { type: 'nginx_test_failing', config, output: unknownDirective.output, outputTruncated: false },
    ]);
  });

  it('reports a failure in other words as a new failure, the same failure once', () => {
    expect(detectNginxTestChanges(unknownDirective, unknownDirective)).toEqual([]);
    expect(detectNginxTestChanges(unknownDirective, missingCert)).toMatchObject([
      { type: 'nginx_test_failing' },
    ]);
  });

  it('reports nginx -t passing again after a failure', () => {
    expect(detectNginxTestChanges(missingCert, ok)).toEqual([
      { type: 'nginx_test_recovered', config, output: ok.output },
    ]);
  });

  it.each([
    ['a first check, failing', undefined, unknownDirective],
    [
      'needs root: says nothing about the configuration',
      ok,
      state('needs_root', ['open() "/run/nginx.pid" failed (13: Permission denied)']),
    ],
    ['from needs root to passing', state('needs_root'), ok],
    ['not installed', state('not_installed'), state('not_installed')],
    ['passing on', ok, ok],
  ])('%s: nothing', (_name, before, after) => {
    expect(detectNginxTestChanges(before, after)).toEqual([]);
  });

  it('reports a failure first seen after nginx -t could not run', () => {
    expect(detectNginxTestChanges(state('not_run'), unknownDirective)).toMatchObject([
      { type: 'nginx_test_failing' },
    ]);
  });
});
