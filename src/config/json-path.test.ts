import { describe, expect, it } from 'vitest';
import { formatJsonPath, readJsonPath, selectJsonPath } from './json-path.js';

const steps = (text: string) => {
  const read = readJsonPath(text);
  if (!read.ok) throw new Error(read.problem);
  return read.value;
};

describe('readJsonPath', () => {
  it.each([
    ['$', []],
    ['$.status', [{ key: 'status' }]],
    ['$.a.b[0]', [{ key: 'a' }, { key: 'b' }, { index: 0 }]],
    ["$['content-type']", [{ key: 'content-type' }]],
    ['$["it\'s"][12].x-y', [{ key: "it's" }, { index: 12 }, { key: 'x-y' }]],
  ])('reads %s', (text, expected) => {
    expect(readJsonPath(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['status', "it must start with '$'"],
    ['$..status', "cannot read '..status'"],
    ['$.checks[*]', "cannot read '[*]'"],
    ['$.a[-1]', "cannot read '[-1]'"],
    ['$[?(@.x)]', "cannot read '[?(@.x)]'"],
  ])('refuses %s', (text, why) => {
    const read = readJsonPath(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toContain(why);
  });
});

describe('selectJsonPath', () => {
  const document = { status: 'ok', checks: [{ name: 'db', ok: true }], 'content-type': null };

  it('finds values, falsy ones included', () => {
    expect(selectJsonPath(document, steps('$.status'))).toEqual({ found: true, value: 'ok' });
    expect(selectJsonPath(document, steps('$.checks[0].ok'))).toEqual({ found: true, value: true });
    expect(selectJsonPath(document, steps("$['content-type']"))).toEqual({ found: true, value: null });
    expect(selectJsonPath(document, steps('$'))).toEqual({ found: true, value: document });
  });

  it('says how far a path got', () => {
    expect(selectJsonPath(document, steps('$.checks[1].name'))).toEqual({ found: false, at: 1 });
    expect(selectJsonPath(document, steps('$.status.code'))).toEqual({ found: false, at: 1 });
    expect(selectJsonPath(document, steps('$.toString'))).toEqual({ found: false, at: 0 });
    expect(selectJsonPath([1], steps('$.length'))).toEqual({ found: false, at: 0 });
  });

  it('formats steps back', () => {
    expect(formatJsonPath(steps("$.checks[0]['a-b']"))).toBe('$.checks[0]["a-b"]');
  });
});
