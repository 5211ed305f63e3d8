import type { ProcessInfo } from './listening-socket.js';

/**
 * "tailscaled (pid 812, tailscaled.service)" or, for processes sharing a name (nginx master and workers),
 * "nginx (pids 10, 11, nginx.service)".
 */
export function describeProcesses(processes: readonly ProcessInfo[]): string[] {
  const byName = new Map<string, ProcessInfo[]>();
  for (const process of processes) byName.set(process.name, [...(byName.get(process.name) ?? []), process]);
  return [...byName].map(([name, group]) => {
    const pids = [...new Set(group.map((p) => p.pid))];
    const unit = group.find((p) => p.unit !== undefined)?.unit;
    const parts = [
      `${pids.length === 1 ? 'pid' : 'pids'} ${pids.join(', ')}`,
      ...(unit === undefined ? [] : [unit]),
    ];
    return `${name} (${parts.join(', ')})`;
  });
}

/** One evidence line per process: what an operator needs to find and stop it. */
export function describeProcessDetail(process: ProcessInfo): string {
  const exe = process.exe === undefined ? 'executable unreadable' : process.exe;
  const cmd = process.cmdline.length === 0 ? '' : `, command: ${process.cmdline.join(' ')}`;
  const unit = process.unit === undefined ? '' : `, unit ${process.unit}`;
  return `pid ${process.pid} ${process.name}: ${exe}${cmd}${unit}`;
}
