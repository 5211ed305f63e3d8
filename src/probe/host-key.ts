import { domainToASCII } from 'node:url';

/**
 * The form a hostname is matched in, as a URL's host ends up: lower-case, internationalised names in punycode,
 * without one trailing dot (the root label every name has). Undefined for text that is no domain name.
 * Fixed `resolve` answers are keyed and looked up this way, so "Shop.Example.", "shop.example" and the URL
 * host of https://shop.example./ all meet, as do "bücher.example" and "xn--bcher-kva.example".
 * @example toHostKey('Bücher.Example.') // "xn--bcher-kva.example"
 */
export function toHostKey(name: string): string | undefined {
  const ascii = domainToASCII(name.trim());
  const key = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii;
  return key === '' || key.endsWith('.') ? undefined : key;
}

/**
 * The key of a host already parsed by the URL parser (lower-case and punycode): only the trailing dot can
 * differ. Cheap enough for every probe.
 */
export function toUrlHostKey(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
