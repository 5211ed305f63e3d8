import { describe, expect, it } from 'vitest';
import { LineCounter } from 'yaml';
import { MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_VALUES, parseYaml } from './parse-yaml.js';

function parse(text: string) {
  const lineCounter = new LineCounter();
  const result = parseYaml(text, lineCounter);
  if ('doc' in result) return { doc: result.doc };
  const { line, col } = lineCounter.linePos(result.offset);
  return { problem: `${line}:${col}: ${result.message}` };
}

/** `levels` nested block mappings, one key each, then `tail` back at the top level. */
function nestedBlocks(levels: number, tail = ''): string {
  let text = '';
  for (let level = 0; level < levels; level += 1) text += `${' '.repeat(level)}k${level}:\n`;
  return `${text}${' '.repeat(levels)}leaf\n${tail}`;
}

describe('parseYaml', () => {
  it('parses an ordinary document as yaml.parseDocument would, errors and all', () => {
    const { doc } = parse('a: &x { b: 1 }\nc: *x\n');
    expect(doc?.toJS()).toEqual({ a: { b: 1 }, c: { b: 1 } });
    expect(parse('a: [1\n').doc?.errors[0]?.code).toBeDefined();
    expect(parse('a: 1\n---\nb: 2\n').doc?.errors.map((error) => error.code)).toEqual(['MULTIPLE_DOCS']);
  });

  it('accepts nesting up to the bound', () => {
    expect(parse(nestedBlocks(MAX_YAML_DEPTH - 2)).doc?.errors).toEqual([]);
  });

  it('refuses deeper nesting where it goes too deep, in block style and in flow style', () => {
    // 2,000 levels then a key back at the top: yaml's parser recursed once per level closed, past the stack
    expect(parse(nestedBlocks(2000, 'sites: {}\n')).problem).toBe(
      `${MAX_YAML_DEPTH}:${MAX_YAML_DEPTH}: nested deeper than ${MAX_YAML_DEPTH} levels; a frontdoor configuration needs fewer than ten`,
    );
    expect(parse(`a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`).problem).toMatch(
      /^1:\d+: nested deeper than/,
    );
    const sequences = Array.from({ length: 2000 }, (_, level) => `${' '.repeat(level * 2)}- `).join('\n');
    expect(parse(sequences).problem).toMatch(/nested deeper than/);
  });

  it('allows a shared block used by many more sites than yaml allows by default', () => {
    const sites = Array.from({ length: 500 }, (_, index) => `  s${index}: *shared`).join('\n');
    const { doc } = parse(`x-shared: &shared { url: "https://a.test/" }\nsites:\n${sites}\n`);
    expect(doc?.errors).toEqual([]);
  });

  it('refuses aliases that expand past the bound, where the bound is crossed', () => {
    const list = Array.from({ length: 1000 }, (_, index) => `h${index}`).join(', ');
    const uses = Array.from({ length: 999 }, (_, index) => `  s${index}: *l`).join('\n');
    // 1,001 values (the list and its items), then 999 uses: the 999th takes sites past 1,000,000
    expect(parse(`x-list: &l [${list}]\nsites:\n${uses}\n`).problem).toBe(
      `1001:9: aliases expand the configuration to more than ${MAX_YAML_VALUES.toLocaleString('en')} values`,
    );
  });

  it('refuses "billion laughs" nesting, sized without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    expect(parse(`${levels.join('\n')}\n`).problem).toMatch(/aliases expand the configuration to more than/);
  });

  it('refuses more aliases than the bound, whatever they expand to', () => {
    const aliases = Array.from({ length: MAX_YAML_ALIASES + 1 }, () => '  - *a').join('\n');
    expect(parse(`x: &a 1\nlist:\n${aliases}\n`).problem).toBe(
      `${MAX_YAML_ALIASES + 3}:5: more than ${MAX_YAML_ALIASES.toLocaleString('en')} aliases`,
    );
  });

  it('refuses an alias inside the node it names', () => {
    expect(parse('sites: &s\n  a: *s\n').problem).toBe(
      '2:6: alias *s is inside the node it refers to: it never ends',
    );
  });

  it('leaves an alias to an unknown anchor to yaml, which says so when making data', () => {
    const { doc } = parse('a: *nowhere\n');
    expect(() => doc?.toJS()).toThrow(/nowhere/);
  });
});
