/**
 * The HTTP versions a probe offers in its TLS handshake (ALPN), in order of preference: `h2` is HTTP/2,
 * `h1` HTTP/1.1. Browsers offer both, HTTP/2 first, and so does a probe unless told otherwise. Plain http
 * URLs always speak HTTP/1.1: browsers never speak HTTP/2 without TLS.
 */
export type HttpProtocol = 'h2' | 'h1';

export type HttpOffer = readonly HttpProtocol[];

/** What a browser offers: HTTP/2, then HTTP/1.1. */
export const DEFAULT_HTTP_OFFER: HttpOffer = Object.freeze(['h2', 'h1'] as const);

/** HTTP/1.1 only: the re-probe that tells an HTTP/2 fault from the site's own (and `--http1.1`). */
export const HTTP1_ONLY: HttpOffer = Object.freeze(['h1'] as const);

/** HTTP/2 only (`--http2`): a server that does not choose it fails as h2_not_negotiated. */
export const HTTP2_ONLY: HttpOffer = Object.freeze(['h2'] as const);

const ALPN_IDS: Readonly<Record<HttpProtocol, string>> = { h2: 'h2', h1: 'http/1.1' };

// ALPN lists in wire format (each id behind its length byte), built once per distinct offer rather than
// per connection: there are at most four.
const wireLists = new Map<string, Buffer>();

/**
 * The offer as the ALPN extension carries it.
 * @example encodeAlpn(['h2', 'h1']) // <02 68 32 08 68 74 74 70 2f 31 2e 31>
 */
export function encodeAlpn(offer: HttpOffer): Buffer {
  const key = offer.join(',');
  let wire = wireLists.get(key);
  if (wire === undefined) {
    wire = Buffer.concat(
      offer.map((protocol) => {
        const id = Buffer.from(ALPN_IDS[protocol], 'latin1');
        return Buffer.concat([Buffer.from([id.length]), id]);
      }),
    );
    wireLists.set(key, wire);
  }
  return wire;
}

/** "h2, http/1.1": the offer as ALPN names it, for evidence. */
export function describeOffer(offer: HttpOffer): string {
  return offer.map((protocol) => ALPN_IDS[protocol]).join(', ');
}

/** Whether the offer lets the server answer in HTTP/1.1. */
export function offersHttp1(offer: HttpOffer): boolean {
  return offer.includes('h1');
}
