/** What a name service source answered, in nsswitch.conf(5)'s terms. */
export type LookupStatus = 'success' | 'notfound' | 'unavail' | 'tryagain';

/** One source of the `hosts:` line, with the actions set for it ("[NOTFOUND=return]"). */
export interface HostsSource {
  name: string;
  /** what to do after this source answered with a status; absent: success returns, the rest continue */
  actions: Partial<Record<LookupStatus, 'return' | 'continue'>>;
}

const STATUSES: readonly LookupStatus[] = ['success', 'notfound', 'unavail', 'tryagain'];

/** Without a `hosts:` line: the hosts file, then DNS, which is what musl does and most systems configure. */
export const DEFAULT_HOSTS_SOURCES: readonly HostsSource[] = [
  { name: 'files', actions: {} },
  { name: 'dns', actions: {} },
];

/**
 * The sources of the `hosts:` line of an nsswitch.conf text, in order, with their actions: "[NOTFOUND=return]"
 * and the negated "[!UNAVAIL=return]" (every other status gets the action). `merge` is read as `return`.
 * @example parseHostsSources('hosts: files mdns4_minimal [NOTFOUND=return] dns\n')
 */
export function parseHostsSources(text: string): readonly HostsSource[] {
  const line = text
    .split('\n')
    .map((raw) => raw.replace(/#.*/, '').trim())
    .find((raw) => /^hosts\s*:/.test(raw));
  if (line === undefined) return DEFAULT_HOSTS_SOURCES;
  const sources: HostsSource[] = [];
  // Sources and bracketed action groups, in order: "files", "[NOTFOUND=return]", "dns".
  for (const token of line.slice(line.indexOf(':') + 1).match(/\[[^\]]*\]|[^\s[]+/g) ?? []) {
    if (!token.startsWith('[')) {
      sources.push({ name: token.toLowerCase(), actions: {} });
      continue;
    }
    const source = sources.at(-1);
    if (source === undefined) continue;
    for (const item of token.slice(1, -1).trim().split(/\s+/)) {
      const match = /^(!?)([a-z]+)=([a-z]+)$/i.exec(item);
      if (match === null) continue;
      const [, negated, statusText, actionText] = match;
      const status = statusText?.toLowerCase() as LookupStatus;
      if (!STATUSES.includes(status)) continue;
      const action = actionText?.toLowerCase() === 'continue' ? 'continue' : 'return';
      for (const each of negated === '!' ? STATUSES.filter((other) => other !== status) : [status]) {
        source.actions[each] = action;
      }
    }
  }
  return sources.length === 0 ? DEFAULT_HOSTS_SOURCES : sources;
}
