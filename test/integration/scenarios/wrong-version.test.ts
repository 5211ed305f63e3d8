import { describe, expect, it } from 'vitest';
import { wrongVersionScenario } from '../../../src/lab/scenarios/wrong-version.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(wrongVersionScenario);

describe.skipIf(lab.skip)('scenario wrong-version: a deploy that did not land', () => {
  it('names the served version against the expected one', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'api.example.test via edge': 'wrong_version',
      'api.example.test via web1': 'wrong_version',
    });
    expect(report.results[1]?.evidence.join('\n')).toContain('1.9.0');
    expect(findingCodes(report)).toEqual([]);
    lab.expectMatch(report);
  });
});
