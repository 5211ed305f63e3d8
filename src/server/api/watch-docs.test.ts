import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { watchSchema } from '../../config/watch-schema.js';
import { buildOpenApiDocument } from './openapi-document.js';

const DOC = readFileSync(new URL('../../../docs/watch.md', import.meta.url), 'utf8');

function collectKeys(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectKeys(item, into);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) {
        for (const name of Object.keys(value)) into.add(name);
      }
      collectKeys(value, into);
    }
  }
  return into;
}

describe('docs/watch.md', () => {
  it('documents every watch key', () => {
    const keys = collectKeys(z.toJSONSchema(watchSchema, { io: 'input', unrepresentable: 'any' }));
    expect(keys.size).toBeGreaterThan(8);
    expect(
      [...keys].filter((key) => !DOC.includes(`\`${key}\``) && !DOC.includes(`\`retention.${key}\``)),
    ).toEqual([]);
  });

  it('documents every route of the OpenAPI document', () => {
    const paths = Object.keys(buildOpenApiDocument('0').paths);
    expect(paths.filter((path) => !DOC.includes(path))).toEqual([]);
  });
});
