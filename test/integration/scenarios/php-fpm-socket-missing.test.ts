import { describe, expect, it } from 'vitest';
import { phpFpmSocketMissingScenario } from '../../../src/lab/scenarios/php-fpm-socket-missing.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(phpFpmSocketMissingScenario);

describe.skipIf(lab.skip)("scenario php-fpm-socket-missing: nginx's 502 for a missing socket", () => {
  it('names the proxy whose upstream socket refused', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'blog.example.test via edge': 'proxy_upstream_unavailable',
      'blog.example.test via web1': 'proxy_upstream_unavailable',
    });
    expect(report.results.map((result) => result.status)).toEqual([502, 502]);
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report);
  });
});
