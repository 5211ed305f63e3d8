import { describe, expect, it } from 'vitest';
import { checkReferences } from './check-references.js';
import type { RawConfig } from './config-schema.js';

// Issues were gathered with push(...list), which puts every element on the stack as an argument and threw
// RangeError (exit 70) past ~125,000; a hostile or generated file gets there.
describe('checkReferences over configurations of fleet size', () => {
  it('reports 150,000 environments that name an unknown policy, one issue each', () => {
    const environments: Record<string, { alerts: string }> = {};
    for (let n = 0; n < 150_000; n += 1) environments[`env${n}`] = { alerts: 'nobody' };
    const issues = checkReferences({ environments } as unknown as RawConfig);
    expect(issues).toHaveLength(150_000);
    expect(issues[0]?.message).toBe("unknown alert policy 'nobody' (known: page, quiet)");
  });

  it('checks a maintenance window naming 20,000 sites, and 20,000 sites naming an unknown origin', () => {
    const sites: Record<string, { url: string; origins: string[] }> = {};
    for (let n = 0; n < 20_000; n += 1) sites[`s${n}`] = { url: `https://s${n}.test/`, origins: ['ghost'] };
    const window = { name: 'all', sites: [...Object.keys(sites), 'gone'] };
    const issues = checkReferences({
      origins: { web1: { host: '10.0.0.1' } },
      sites,
      maintenance: [window],
    } as unknown as RawConfig);
    expect(issues.filter((issue) => issue.message === "unknown origin 'ghost' (known: web1)")).toHaveLength(
      20_000,
    );
    const unknownSites = issues.filter((issue) => issue.path[0] === 'maintenance');
    expect(unknownSites.map((issue) => issue.path)).toEqual([['maintenance', 0, 'sites', 20_000]]);
    expect(unknownSites[0]?.message).toMatch(/^unknown site 'gone' \(known: s0, s1, s2, .*, s19999\)$/);
  });
});
