// Special-use and private-use names (RFC 2606, 6761, 6762, 8375; ICANN's .internal) and the suffixes
// intranets commonly invent: public DNS never answers for them.
const PRIVATE_SUFFIXES = [
  'test',
  'example',
  'invalid',
  'localhost',
  'local',
  'internal',
  'home.arpa',
  'lan',
  'corp',
  'home',
  'intranet',
  'private',
];

/**
 * True when public DNS cannot know `hostname`: a single label ("intranet") or a name under a special-use
 * or customary private suffix ("status.internal", "shop.test"). A guess for names that are public: false.
 */
export function isPrivateName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (!name.includes('.')) return true;
  return PRIVATE_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}
