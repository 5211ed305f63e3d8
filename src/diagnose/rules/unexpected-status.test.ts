import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseUnexpectedStatus } from './unexpected-status.js';

describe('diagnoseUnexpectedStatus', () => {
  it('a redirect to a login page where 200 is expected -> unexpected_content', () => {
    const ctx = buildContext(
      { status: 302, statusText: 'Found', headers: { location: 'https://shop.example.com/login' } },
      { origin: 'web1', expect: { status: [200] } },
    );
    const diagnosis = diagnoseUnexpectedStatus(ctx);
    expect(diagnosis?.verdict).toBe('unexpected_content');
    expect(diagnosis?.summary).toContain(
      'answered 302 -> https://shop.example.com/login where 200 was expected',
    );
    expect(diagnosis?.evidence).toContain('location: https://shop.example.com/login');
  });

  it.each([
    ['200 by default', 200, undefined],
    ['204 by default', 204, undefined],
    ['an expected 200', 200, [200]],
  ])('stays silent for %s', (_, status, expected) => {
    const target =
      expected === undefined ? { origin: 'web1' } : { origin: 'web1', expect: { status: expected } };
    expect(diagnoseUnexpectedStatus(buildContext({ status }, target))).toBeUndefined();
  });
});
