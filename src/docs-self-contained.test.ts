import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/*
 * The README and docs/ are what a user gets; the project's own contracts (DESIGN.md, WATCH.md, STYLE.md)
 * are not shipped, so a pointer to one is a dead end (issue 12). docs/watch.md is lower case: not matched.
 */
const ROOT = new URL('../', import.meta.url);
const DOCS = new URL('docs/', ROOT);

function readUserDocs(): Array<[string, string]> {
  const files = readdirSync(DOCS).filter((name) => name.endsWith('.md'));
  return [
    ['README.md', readFileSync(new URL('README.md', ROOT), 'utf8')],
    ...files.map((name): [string, string] => [`docs/${name}`, readFileSync(new URL(name, DOCS), 'utf8')]),
  ];
}

describe('user documentation', () => {
  it('never sends the reader to the project-internal contracts', () => {
    const docs = readUserDocs();
    expect(docs.length).toBeGreaterThan(5);
    const pointers = docs.flatMap(([name, text]) =>
      text
        .split('\n')
        .map((line, index) => [index + 1, line] as const)
        .filter(([, line]) => /\b(?:DESIGN|WATCH|STYLE)\.md\b/.test(line))
        .map(([line, text]) => `${name}:${line}: ${text.trim()}`),
    );
    expect(pointers).toEqual([]);
  });
});
