import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HTTP_OFFER,
  describeOffer,
  encodeAlpn,
  HTTP1_ONLY,
  HTTP2_ONLY,
  offersHttp1,
} from './http-offer.js';

describe('http offer', () => {
  it('encodes the offer as the ALPN extension carries it, in order', () => {
    expect([...encodeAlpn(DEFAULT_HTTP_OFFER)]).toEqual([
      2,
      ...Buffer.from('h2'),
      8,
      ...Buffer.from('http/1.1'),
    ]);
    expect([...encodeAlpn(HTTP1_ONLY)]).toEqual([8, ...Buffer.from('http/1.1')]);
    expect([...encodeAlpn(['h1', 'h2'])]).toEqual([8, ...Buffer.from('http/1.1'), 2, ...Buffer.from('h2')]);
  });

  it('builds each distinct list once', () => {
    expect(encodeAlpn(['h2', 'h1'])).toBe(encodeAlpn(DEFAULT_HTTP_OFFER));
  });

  it('names the offer as ALPN does and says whether HTTP/1.1 may answer', () => {
    expect(describeOffer(DEFAULT_HTTP_OFFER)).toBe('h2, http/1.1');
    expect(offersHttp1(DEFAULT_HTTP_OFFER)).toBe(true);
    expect(offersHttp1(HTTP2_ONLY)).toBe(false);
  });
});
