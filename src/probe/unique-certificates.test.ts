import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { uniqueCertificates } from './unique-certificates.js';

/** The same certificate as a system bundle may write it: other line width, CRLF, text around it. */
function rewrap(pem: string): string {
  const body = pem.replace(/-----(?:BEGIN|END) CERTIFICATE-----|\s+/g, '');
  const lines = body.match(/.{1,76}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\r\n');
}

describe('uniqueCertificates', () => {
  it("keeps one copy of each certificate across Node's roots and a system bundle that repeats them", () => {
    const node = rootCertificates.slice(0, 50);
    const system = [...rootCertificates.slice(25, 75).map(rewrap), rewrap(node[0] ?? '')];
    const unique = uniqueCertificates([node, system]);
    expect(unique).toHaveLength(75);
    expect(unique.slice(0, 50)).toEqual(node);
    expect(unique.slice(50)).toEqual(system.slice(25, 50));
  });

  it('keeps distinct certificates and their order, leaving out the known ones', () => {
    const [a = '', b = '', c = ''] = rootCertificates;
    expect(uniqueCertificates([[a, b], [], [c, a]])).toEqual([a, b, c]);
    expect(
      uniqueCertificates(
        [
          [a, b],
          [c, a],
        ],
        [rewrap(a)],
      ),
    ).toEqual([b, c]);
  });
});
