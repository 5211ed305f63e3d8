import { describe, expect, it } from 'vitest';
import { buildResult } from '../fixtures/build-result.js';
import { findEdgeOnly } from './edge-only.js';
import { findHostBindingMissing } from './host-binding-missing.js';

// A group's members used to be appended with push(...group), which puts every member on the stack as an
// argument and throws RangeError past ~125,000; a run of URL arguments on one hostname makes such a group.
const MEMBERS = 200_000;

describe('findings over groups larger than a call can take as arguments', () => {
  it('edge_only covers 200,000 failing edge results of one hostname', () => {
    const results = Array.from({ length: MEMBERS }, () =>
      buildResult('shop.test', 'edge', 'connect_timeout'),
    );
    results.push(buildResult('shop.test', 'web1', 'ok'));
    const [finding] = findEdgeOnly(results);
    expect(finding?.code).toBe('edge_only');
    expect(finding?.targets).toHaveLength(MEMBERS + 1);
  });

  it('host_binding_missing tells 10,000 unrouted names from 10,000 routed ones on one origin', () => {
    const results = Array.from({ length: 20_000 }, (_, n) =>
      buildResult(`h${n}.shop.test`, 'web1', n % 2 === 0 ? 'ok' : 'host_not_routed'),
    );
    const [finding] = findHostBindingMissing(results);
    expect(finding?.targets).toHaveLength(20_000);
    expect(finding?.summary).toMatch(
      /^web1 routes h0\.shop\.test, h2\.shop\.test, .* but not h1\.shop\.test, /,
    );
  });
});
