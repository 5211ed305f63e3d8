import { describe, expect, it } from 'vitest';
import { expiredCertificateScenario } from '../../../src/lab/scenarios/expired-certificate.js';
import { findingCodes, useScenario, verdictsOf } from './scenario-harness.js';

const lab = useScenario(expiredCertificateScenario);

describe.skipIf(lab.skip)("scenario expired-certificate: the origin's certificate expired", () => {
  it('names 526 through the edge and the expired certificate on the origin', async () => {
    const report = await lab.check();
    expect(verdictsOf(report)).toEqual({
      'shop.example.test via edge': 'edge_origin_unreachable',
      'www.example.test via edge': 'edge_origin_unreachable',
      'shop.example.test via web1': 'tls_expired',
      'www.example.test via web1': 'tls_expired',
    });
    expect(report.results[0]?.status).toBe(526);
    expect(findingCodes(report)).toEqual(['shared_front_door_down']);
    lab.expectMatch(report);
  });
});
