/**
 * A TCP port written in decimal (1-65535, at most five digits, so "000080" is refused rather than read as
 * 80); undefined otherwise.
 * @example readPort('8443') // 8443
 */
export function readPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}
