import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = [...doc.matchAll(/^## `(FD_ERR_[A-Z_]+)`$/gm)].map((match) => match[1]);

describe('docs/errors.md', () => {
  it('documents exactly the codes in ERROR_CODES, each once', () => {
    expect([...documented].sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([...ERROR_CODES])('says when %s happens and what to do', (code) => {
    const section = doc.split(`## \`${code}\``)[1]?.split('\n## ')[0] ?? '';
    expect(section).toContain('- **When:**');
    expect(section).toContain('- **What to do:**');
  });
});
