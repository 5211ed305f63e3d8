import { describe, expect, it } from 'vitest';
import { buildContext } from '../fixtures/build-context.js';
import { diagnoseVersionMismatch, diagnoseVersionMissing } from './version-mismatch.js';

const expectVersion = { origin: 'web1', expect: { version: '2.4.2' } };

describe('diagnoseVersionMismatch / diagnoseVersionMissing', () => {
  it('an old version served -> wrong_version naming both', () => {
    const ctx = buildContext({ status: 200, headers: { 'x-app-version': '2.4.1' } }, expectVersion);
    const diagnosis = diagnoseVersionMismatch(ctx);
    expect(diagnosis?.verdict).toBe('wrong_version');
    expect(diagnosis?.summary).toMatch(/^web1 serves shop\.example\.com version 2\.4\.1, expected 2\.4\.2: /);
    expect(diagnosis?.evidence).toContain('x-app-version: 2.4.1, expected 2.4.2');
    expect(diagnoseVersionMissing(ctx)).toBeUndefined();
  });

  it('no marker served -> only the missing rule speaks', () => {
    const ctx = buildContext({ status: 200 }, expectVersion);
    expect(diagnoseVersionMismatch(ctx)).toBeUndefined();
    expect(diagnoseVersionMissing(ctx)?.evidence).toContain('no x-app-version header, expected 2.4.2');
  });

  it.each([
    [
      'the expected version',
      buildContext({ status: 200, headers: { 'x-app-version': '2.4.2' } }, expectVersion),
    ],
    ['no version expected', buildContext({ status: 200, headers: { 'x-app-version': '1.0.0' } })],
  ])('stays silent for %s', (_, ctx) => {
    expect(diagnoseVersionMismatch(ctx)).toBeUndefined();
    expect(diagnoseVersionMissing(ctx)).toBeUndefined();
  });
});
