import { z } from 'zod';
import type { HttpProtocol } from '../probe/http-offer.js';

/** An HTTP version a site must answer in (`expect.http_version`), as curl's %{http_version} writes it. */
export type HttpVersion = '2' | '1.1' | '1.0';

const protocol = z.enum(['h2', 'h1']);

/**
 * A site's `http`: the versions offered in the TLS handshake, in order of preference (`[h2, h1]`, as a
 * browser; `h1` alone for HTTP/1.1 only, `h2` alone for HTTP/2 only). One name or a list, each at most once.
 */
export const httpOfferSchema = z
  // One name is the list of that name, so a wrong entry is reported at its own position.
  .preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(protocol, { error: 'expected h2, h1 or a list of them such as [h2, h1]' })
      .min(1, { error: 'must offer at least one of h2 and h1' }),
  )
  .transform((list, ctx): HttpProtocol[] => {
    if (new Set(list).size !== list.length) {
      ctx.addIssue({ code: 'custom', message: 'each of h2 and h1 may be offered once' });
    }
    return list;
  });

const VERSIONS: Readonly<Record<string, HttpVersion>> = {
  '2': '2',
  '2.0': '2',
  'HTTP/2': '2',
  'HTTP/2.0': '2',
  '1.1': '1.1',
  'HTTP/1.1': '1.1',
  '1.0': '1.0',
  // YAML reads 1.0 as the number 1
  '1': '1.0',
  'HTTP/1.0': '1.0',
};

/** `expect.http_version`: 2 or 1.1 (YAML reads both as numbers), "HTTP/2" and the like as strings too. */
export const httpVersionSchema = z
  .union([z.number(), z.string()], { error: 'expected an HTTP version such as 2 or 1.1' })
  .transform((value, ctx): HttpVersion => {
    const text = typeof value === 'number' ? (Number.isInteger(value) ? `${value}` : String(value)) : value;
    const version = VERSIONS[text.trim().toUpperCase()];
    if (version !== undefined) return version;
    ctx.addIssue({ code: 'custom', message: `'${text}' is not an HTTP version: use 2, 1.1 or 1.0` });
    return z.NEVER;
  });

/**
 * Choices that contradict each other or the URL: HTTP/2 is spoken over TLS only, so a plain http URL cannot
 * offer it alone or be expected to answer in it, and a site expected to answer in HTTP/2 must offer it.
 */
export function checkSiteHttp(
  site: {
    url: string;
    http?: HttpProtocol[] | undefined;
    expect?: { http_version?: HttpVersion | undefined } | null | undefined;
  },
  ctx: z.RefinementCtx,
): void {
  const plain = site.url.startsWith('http:');
  const offer = site.http;
  if (plain && offer !== undefined && !offer.includes('h1')) {
    ctx.addIssue({
      code: 'custom',
      path: ['http'],
      message: 'HTTP/2 is spoken over TLS only: a plain http:// URL must offer h1',
    });
  }
  const expected = site.expect?.http_version;
  if (expected !== '2') return;
  if (plain) {
    ctx.addIssue({
      code: 'custom',
      path: ['expect', 'http_version'],
      message: 'HTTP/2 is spoken over TLS only: a plain http:// URL cannot answer in it',
    });
  } else if (offer !== undefined && !offer.includes('h2')) {
    ctx.addIssue({
      code: 'custom',
      path: ['expect', 'http_version'],
      message: 'the site must answer in HTTP/2 but offers only h1: add h2 to http',
    });
  }
}
