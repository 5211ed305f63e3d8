import { describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../../errors.js';
import { assertListenProtected } from './assert-listen-protected.js';

const token = { name: 'grafana', scope: 'read' as const, hash: `sha256:${'0'.repeat(64)}` };

describe('assertListenProtected', () => {
  it.each(['127.0.0.1', '127.0.0.9', '::1', 'localhost'])('lets %s listen without tokens', (host) => {
    expect(() => assertListenProtected({ host, tokens: [] })).not.toThrow();
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', 'monitor.example.com'])(
    'refuses %s without tokens with FD_ERR_LISTEN_UNPROTECTED, naming the address',
    (host) => {
      let caught: unknown;
      try {
        assertListenProtected({ host, tokens: [] });
      } catch (error) {
        caught = error;
      }
      expect(isFrontdoorError(caught) && caught.code).toBe('FD_ERR_LISTEN_UNPROTECTED');
      expect((caught as Error).message).toContain(`--listen ${host}:`);
      expect((caught as Error).message.split('\n')).toHaveLength(1);
    },
  );

  it('lets any address listen once a token is configured', () => {
    expect(() => assertListenProtected({ host: '0.0.0.0', tokens: [token] })).not.toThrow();
  });
});
