import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

/**
 * Every package a module loads when it is imported: its static value imports and re-exports, followed
 * through the project's own files. `import type` and type-only specifiers vanish at build time, and
 * dynamic `import()` loads only when reached, so neither counts.
 */
function collectPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const pending = [entry];
  const statement = /^(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'/gm;
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, typeOnly, names = '', specifier = ''] of readFileSync(file, 'utf8').matchAll(statement)) {
      const allTypes =
        /^\{[^}]*\}$/.test(names) &&
        names
          .slice(1, -1)
          .split(',')
          .every((name) => /^\s*(type\s|$)/.test(name));
      if (typeOnly !== undefined || allTypes || specifier.startsWith('node:')) continue;
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.set(specifier, file.slice(SRC.length));
    }
  }
  return packages;
}

describe('what `frontdoor check` loads before it probes', () => {
  it('is neither zod nor the yaml parser nor anything of the watch: those load only when needed', () => {
    // A plain, valid configuration is read without them (read-config-quickly.ts); parseConfig, which
    // needs them, is imported on demand. One value imported from a schema file would bring zod back.
    expect(Object.fromEntries(collectPackages(join(SRC, 'cli/check-command.ts')))).toEqual({});
  });
});
