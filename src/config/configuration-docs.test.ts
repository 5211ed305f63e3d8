import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from './config-schema.js';
import { parseConfig } from './parse-config.js';

const DOC = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');

/** Every property name anywhere in the schema, read from its JSON Schema form (input side). */
function collectKeys(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectKeys(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value)) into.add(name);
      }
      collectKeys(value, into);
    }
  }
  return into;
}

describe('docs/configuration.md', () => {
  it('documents every key the schema accepts', () => {
    const keys = collectKeys(z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }));
    expect(keys.size).toBeGreaterThan(15);
    const undocumented = [...keys].filter((key) => !DOC.includes(`\`${key}\``));
    expect(undocumented).toEqual([]);
  });

  it('opens with an example that parses', () => {
    const first = /```yaml\n([\s\S]*?)```/.exec(DOC)?.[1] ?? '';
    expect(Object.keys(parseConfig(first, 'frontdoor.yaml').sites)).toEqual(['shop']);
  });

  it('shows examples that parse, secrets read from the environment rather than written in', () => {
    const blocks = [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((match) =>
      (match[1] ?? '').split('\n# or\n'),
    );
    expect(blocks.length).toBeGreaterThan(8);
    // A block with a "..." placeholder (an elided hash) is an illustration, not a file.
    for (const block of blocks.filter((text) => !text.includes('...'))) {
      // Fragments that name origins or the site `shop` without defining them get what every example uses.
      const origins = /^origins:/m.test(block) ? '' : 'origins: { web1: 10.0.0.11, web2: 10.0.0.12 }\n';
      const sites = /^sites:/m.test(block) ? '' : 'sites: { shop: { url: "https://shop.example.com/" } }\n';
      const text = `${origins}${sites}${block}`;
      const env = Object.fromEntries(
        [...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => [
          match[1],
          // a secret can be a whole URL (a Slack webhook) or a part of one
          /WEBHOOK|URL/.test(match[1] ?? '') ? 'https://hooks.example.com/x' : 'from-env',
        ]),
      );
      expect(() => parseConfig(text, 'f.yaml', { cwd: '/', env })).not.toThrow();
      expect(block).not.toMatch(/Bearer [^$]/);
    }
  });
});
