import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseContentMismatch } from './content-mismatch.js';

const response = {
  status: 200,
  headers: { server: 'nginx', 'content-type': 'text/html' },
  body: '<h1>Blog</h1>',
};

describe('diagnoseContentMismatch', () => {
  it.each([
    [
      'the body lacks the expected text',
      { body: '"status":"ok"' },
      `body (13 bytes) does not contain '"status":"ok"'`,
    ],
    [
      'a header has another value',
      { headers: [{ name: 'content-type', value: 'application/json' }] },
      "content-type: 'text/html', expected 'application/json'",
    ],
    [
      'a header is missing',
      { headers: [{ name: 'x-site', value: 'shop' }] },
      "no x-site header, expected 'shop'",
    ],
  ])('%s -> unexpected_content', (_, expectations, evidence) => {
    const diagnosis = diagnoseContentMismatch(
      buildContext(response, { origin: 'web1', expect: expectations }),
    );
    expect(diagnosis?.verdict).toBe('unexpected_content');
    expect(diagnosis?.layer).toBe('content');
    expect(diagnosis?.evidence).toContain(evidence);
  });

  it('says the body came compressed instead of suggesting another site answered', () => {
    const gzipped = {
      status: 200,
      headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' },
      body: '\u001f\ufffd\b\u0000',
    };
    const diagnosis = diagnoseContentMismatch(
      buildContext(gzipped, { origin: 'web1', expect: { body: 'ok' } }),
    );
    expect(diagnosis?.verdict).toBe('unexpected_content');
    expect(diagnosis?.evidence).toContainEqual(
      expect.stringMatching(
        /^body \(\d+ bytes, sent with content-encoding: gzip, not decoded\) does not contain 'ok'$/,
      ),
    );
    expect(diagnosis?.summary).toContain('the body came gzip-encoded although the probe asked for identity');
    expect(diagnosis?.summary).not.toContain('check which site');
  });

  it('stays silent when body and headers match', () => {
    const ctx = buildContext(response, {
      origin: 'web1',
      expect: { body: 'Blog', headers: [{ name: 'server', value: 'nginx' }] },
    });
    expect(diagnoseContentMismatch(ctx)).toBeUndefined();
  });
});
