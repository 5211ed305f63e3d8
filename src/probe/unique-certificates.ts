/**
 * The certificates of `lists` in order, each once, leaving out those already in `known`. Node's
 * compiled-in roots and the system bundle are mostly the same Mozilla list (on Debian 122 of 288
 * certificates were repeats), and OpenSSL parses every PEM it is given. Two PEMs are the same certificate
 * when their base64 bodies are, whatever the line wrapping or surrounding text.
 * @example uniqueCertificates([tls.rootCertificates, systemCertificates]).length // 166, not 288
 */
export function uniqueCertificates(
  lists: readonly (readonly string[])[],
  known: readonly string[] = [],
): string[] {
  const seen = new Set(known.map(certificateBody));
  const unique: string[] = [];
  for (const list of lists) {
    for (const pem of list) {
      const body = certificateBody(pem);
      if (seen.has(body)) continue;
      seen.add(body);
      unique.push(pem);
    }
  }
  return unique;
}

function certificateBody(pem: string): string {
  return pem.replace(/-----(?:BEGIN|END) CERTIFICATE-----|\s+/g, '');
}
