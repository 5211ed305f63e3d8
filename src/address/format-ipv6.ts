/**
 * RFC 5952 text for 8 16-bit groups: lower-case hex, the longest run (2+) of zero groups as "::",
 * and IPv4-mapped addresses (::ffff:a.b.c.d) with their dotted quad.
 */
export function formatIpv6(groups: readonly number[]): string {
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return `::ffff:${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Canonical form of an IPv6 address typed by a user ("[::1]", "0:0::1"), or undefined when it is not one. */
export function canonicalIpv6(text: string): string | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!bare.includes(':')) return undefined;
  try {
    // The WHATWG URL parser validates and compresses IPv6; its output is then normalised for v4-mapped.
    const host = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    const groups = expandIpv6(host);
    return groups === undefined ? undefined : formatIpv6(groups);
  } catch {
    return undefined;
  }
}

function expandIpv6(compressed: string): number[] | undefined {
  const [left = '', right] = compressed.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const head = parse(left);
  const tail = right === undefined ? [] : parse(right);
  const missing = 8 - head.length - tail.length;
  if (missing < 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}
