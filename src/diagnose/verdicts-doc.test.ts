import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES, VERDICT_LAYER, VERDICTS } from './verdict.js';

const doc = readFileSync(new URL('../../docs/verdicts.md', import.meta.url), 'utf8');

/** The `### \`name\`` entries of one `## Section`, each with its body. */
function readEntries(section: string): Map<string, string> {
  const start = doc.indexOf(`\n## ${section}\n`);
  if (start === -1) throw new Error(`docs/verdicts.md has no "## ${section}" section`);
  const rest = doc.slice(start + section.length + 5);
  const end = rest.search(/\n## /);
  const body = end === -1 ? rest : rest.slice(0, end);
  const entries = new Map<string, string>();
  for (const part of body.split(/\n### /).slice(1)) {
    const name = /^`([a-z0-9_]+)`/.exec(part)?.[1];
    if (name !== undefined) entries.set(name, part);
  }
  return entries;
}

describe('docs/verdicts.md', () => {
  const verdicts = readEntries('Verdicts');
  const findings = readEntries('Findings');

  it('documents exactly the verdicts in the code', () => {
    expect([...verdicts.keys()].sort()).toEqual([...VERDICTS].sort());
  });

  it.each([...VERDICTS])('gives %s its layer, meaning, evidence and next step', (verdict) => {
    const entry = verdicts.get(verdict) ?? '';
    expect(entry).toContain(`- **Layer:** \`${VERDICT_LAYER[verdict]}\``);
    for (const field of ['Meaning', 'Evidence', 'Next']) expect(entry).toContain(`- **${field}:**`);
  });

  it('documents exactly the finding codes in the code', () => {
    expect([...findings.keys()].sort()).toEqual([...FINDING_CODES].sort());
    for (const entry of findings.values()) expect(entry).toContain('- **Meaning:**');
  });
});
