/**
 * Port a URL connects to, its scheme's default when the URL names none.
 * @example effectivePort(new URL('https://shop.example/')) // 443
 */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
