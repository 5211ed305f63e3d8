import { describe, expect, it } from 'vitest';
import { parseUpstreamAddress } from './parse-upstream-address.js';

describe('parseUpstreamAddress', () => {
  it.each([
    [
      'http://backend',
      { endpoint: { kind: 'inet', endpoint: 'backend:80', host: 'backend', port: 80 }, name: 'backend' },
    ],
    [
      'http://10.0.0.5:8080/api/',
      { endpoint: { kind: 'inet', endpoint: '10.0.0.5:8080', host: '10.0.0.5', port: 8080 } },
    ],
    [
      'https://api.internal/',
      { endpoint: { endpoint: 'api.internal:443', port: 443 }, name: 'api.internal' },
    ],
    ['grpcs://[::1]:50051', { endpoint: { endpoint: '[::1]:50051', host: '::1', port: 50051 } }],
    ['grpc://[::1]', { endpoint: { endpoint: '[::1]:80' } }],
    ['127.0.0.1:9000', { endpoint: { endpoint: '127.0.0.1:9000' } }],
    [
      'unix:/run/php/php8.2-fpm.sock',
      { endpoint: { kind: 'unix', endpoint: 'unix:/run/php/php8.2-fpm.sock' } },
    ],
    ['http://unix:/run/app.sock:/prefix/', { endpoint: { kind: 'unix', path: '/run/app.sock' } }],
    [
      'unix:///run/php//php8.2-fpm.sock',
      {
        endpoint: {
          kind: 'unix',
          endpoint: 'unix:/run/php/php8.2-fpm.sock',
          path: '/run/php/php8.2-fpm.sock',
        },
      },
    ],
    ['uwsgi://py.internal:3031', { endpoint: { endpoint: 'py.internal:3031' } }],
  ])('%s', (raw, expected) => {
    expect(parseUpstreamAddress(raw, 80)).toMatchObject(expected);
  });

  it('gives up on targets computed from variables', () => {
    expect(parseUpstreamAddress('http://$backend_host$request_uri', 80)).toBeUndefined();
  });
});
