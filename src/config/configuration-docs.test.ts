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
});
