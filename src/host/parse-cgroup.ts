/**
 * The systemd unit a process runs in, from /proc/PID/cgroup. Prefers the unified (v2) "0::" line,
 * then the v1 "name=systemd" hierarchy; takes the deepest ".service" segment, else ".scope".
 * "0::/system.slice/nginx.service" -> "nginx.service"; "0::/" (a container) -> undefined.
 */
export function parseSystemdUnit(cgroupText: string): string | undefined {
  const paths = new Map<string, string>();
  for (const line of cgroupText.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    paths.set(line.slice(first + 1, second), line.slice(second + 1).trim());
  }
  return unitInPath(paths.get('')) ?? unitInPath(paths.get('name=systemd'));
}

function unitInPath(path: string | undefined): string | undefined {
  const segments = (path ?? '').split('/').filter((s) => s !== '');
  const deepest = (suffix: string) => segments.filter((s) => s.endsWith(suffix)).at(-1);
  return deepest('.service') ?? deepest('.scope');
}
