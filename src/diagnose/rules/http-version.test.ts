import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseHttpVersion } from './http-version.js';

const MUST_SPEAK_H2 = { origin: 'web1', expect: { httpVersions: ['HTTP/2.0'] } };

describe('diagnoseHttpVersion', () => {
  it('a site that must speak HTTP/2 answering in HTTP/1.1 after ALPN chose http/1.1 -> http2_failure', () => {
    const diagnosis = diagnoseHttpVersion(buildContext({ status: 200 }, MUST_SPEAK_H2));
    expect(diagnosis?.verdict).toBe('http2_failure');
    expect(diagnosis?.layer).toBe('http');
    expect(diagnosis?.summary).toContain('answered over HTTP/1.1 but the site must speak HTTP/2');
    expect(diagnosis?.summary).toContain('listen ... ssl http2');
    expect(diagnosis?.evidence).toEqual([
      'answered 200 OK in 3.1 ms',
      'answered over HTTP/1.1, expected HTTP/2.0',
      'ALPN: offered h2, http/1.1, the server chose http/1.1',
    ]);
  });

  it('names a server that chose no protocol at all', () => {
    const diagnosis = diagnoseHttpVersion(buildContext({ status: 200, alpn: null }, MUST_SPEAK_H2));
    expect(diagnosis?.evidence).toContain('ALPN: offered h2, http/1.1, the server chose no protocol');
  });

  it('an answer in HTTP/2 where only HTTP/1.1 is accepted (valid_http_versions) -> unexpected_content', () => {
    const diagnosis = diagnoseHttpVersion(
      buildContext(
        { status: 200, alpn: 'h2', httpVersion: '2.0' },
        { origin: 'web1', expect: { httpVersions: ['HTTP/1.1'] } },
      ),
    );
    expect(diagnosis?.verdict).toBe('unexpected_content');
    expect(diagnosis?.evidence).toContain('answered over HTTP/2.0, expected HTTP/1.1');
  });

  it.each([
    ['no version expected', { status: 200 }, { origin: 'web1' }],
    ['HTTP/2 expected and spoken', { status: 200, alpn: 'h2', httpVersion: '2.0' }, MUST_SPEAK_H2],
    [
      'either accepted',
      { status: 200 },
      { origin: 'web1', expect: { httpVersions: ['HTTP/1.1', 'HTTP/2.0'] } },
    ],
  ])('stays silent with %s', (_, observation, target) => {
    expect(diagnoseHttpVersion(buildContext(observation, target))).toBeUndefined();
  });

  it('stays silent when no answer came: the failure is for transport-failure to name', () => {
    const ctx = buildContext({}, MUST_SPEAK_H2);
    delete ctx.observation.http;
    expect(diagnoseHttpVersion(ctx)).toBeUndefined();
  });
});
