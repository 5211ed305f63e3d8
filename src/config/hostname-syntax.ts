const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/i;

/**
 * True for a DNS hostname (letters, digits, '-', '_' in dot-separated labels; one trailing dot allowed).
 * All-numeric dotted names are refused so a mistyped IPv4 address ("10.0.0.999") is never taken as a name.
 */
export function isHostname(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  if (/^[\d.]+$/.test(name)) return false;
  return name.split('.').every((label) => LABEL.test(label));
}
