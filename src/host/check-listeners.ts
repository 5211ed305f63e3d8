import type { Layer } from '../diagnose/verdict.js';
import { VERDICT_LAYER } from '../diagnose/verdict.js';
import { describeProcessDetail, describeProcesses } from './describe-process.js';
import type { ExpectedListener, ListenerAddress } from './expected-listener.js';
import type { Listener, ListenerInventory, ListeningSocket, ProcessInfo } from './listening-socket.js';
import { formatSocket } from './listening-socket.js';
import { matchesOwner } from './match-owner.js';

/** `owner_unknown`: something listens, but who holds it could not be read (not root): never called ok. */
export type ListenerVerdict = 'ok' | 'wrong_listener' | 'socket_missing' | 'owner_unknown';

/** The verdict on one expected listener, with the processes that actually hold it. */
export interface ListenerResult {
  key: string;
  owner: string;
  verdict: ListenerVerdict;
  layer: Layer;
  summary: string;
  evidence: string[];
  /** the listening sockets that satisfy the key, formatted ("0.0.0.0:443", "unix:/run/x.sock") */
  sockets: string[];
  holders: ProcessInfo[];
  /** false when a matching socket's holder could not be read (not root): the verdict is then owner_unknown */
  ownerKnown: boolean;
}

export interface CheckListenersOptions {
  /** unix socket paths that exist as files: a file nobody listens on is a stale socket */
  existingSocketFiles?: ReadonlySet<string>;
}

/** Pure: compares each expectation with the inventory read from /proc. */
export function checkListeners(
  expected: readonly ExpectedListener[],
  inventory: ListenerInventory,
  options: CheckListenersOptions = {},
): ListenerResult[] {
  return expected.map((want) => checkOne(want, inventory, options));
}

function checkOne(want: ExpectedListener, inventory: ListenerInventory, options: CheckListenersOptions) {
  const matching = inventory.listeners.filter((l) => satisfies(l.socket, want.address));
  const sockets = matching.map((l) => formatSocket(l.socket));
  const holders = uniqueProcesses(matching.flatMap((l) => l.processes));
  const base = { key: want.key, owner: want.owner, sockets, holders };
  if (matching.length === 0) return missing(want, base, options);
  const squatting = matching.filter(
    (l) => l.processes.length > 0 && !l.processes.some((p) => matchesOwner(p, want.owner)),
  );
  const evidence = matching.map(describeListener);
  if (squatting.length > 0) {
    const squatters = uniqueProcesses(squatting.flatMap((l) => l.processes));
    const owned = matching.filter((l) => l.processes.some((p) => matchesOwner(p, want.owner)));
    const partly =
      owned.length === 0
        ? ''
        : ` (${want.owner} holds ${owned.map((l) => formatSocket(l.socket)).join(', ')})`;
    return {
      ...base,
      verdict: 'wrong_listener' as const,
      layer: VERDICT_LAYER.wrong_listener,
      summary:
        `${want.key} is held by ${describeProcesses(squatters).join(' and ')}, not ${want.owner}${partly}: ` +
        `${releaseHint(squatters)}, then start ${want.owner}`,
      evidence: [...evidence, ...squatters.map(describeProcessDetail)],
      ownerKnown: true,
    };
  }
  // Every matching socket must be seen held by the owner: one whose holder is unreadable may be a squatter.
  const unseen = matching.filter((l) => l.processes.length === 0);
  if (unseen.length > 0) {
    const unread = inventory.unreadablePids.length;
    const owned = matching.filter((l) => l.processes.length > 0);
    const partly =
      owned.length === 0
        ? ''
        : ` (${describeProcesses(holders).join(' and ')} holds ${owned.map((l) => formatSocket(l.socket)).join(', ')})`;
    const why =
      unread > 0
        ? `${unread} processes could not be read; run as root to see the owner`
        : 'no process on this machine has it open (another PID namespace?)';
    return {
      ...base,
      verdict: 'owner_unknown' as const,
      layer: VERDICT_LAYER.owner_unknown,
      summary: `${want.key}: ${unseen.map((l) => formatSocket(l.socket)).join(', ')} is listening but who holds it is unknown${partly}: ${why}`,
      evidence,
      ownerKnown: false,
    };
  }
  return {
    ...base,
    verdict: 'ok' as const,
    layer: VERDICT_LAYER.ok,
    summary: `${want.key} is held by ${describeProcesses(holders).join(' and ')}`,
    evidence,
    ownerKnown: true,
  };
}

function missing(
  want: ExpectedListener,
  base: Pick<ListenerResult, 'key' | 'owner' | 'sockets' | 'holders'>,
  options: CheckListenersOptions,
): ListenerResult {
  const unit = guessUnit(want);
  const where = want.address.kind === 'unix' ? `unix:${want.address.path}` : want.key;
  const why =
    want.address.kind === 'unix'
      ? `${want.owner}'s reload may have failed`
      : `${want.owner} is not running or could not bind it`;
  const stale =
    want.address.kind === 'unix' && options.existingSocketFiles?.has(want.address.path)
      ? [
          `${want.address.path} exists but nothing accepts on it: a stale socket file left by a process that is gone`,
        ]
      : [];
  return {
    ...base,
    verdict: 'socket_missing',
    layer: VERDICT_LAYER.socket_missing,
    summary: `nothing listens on ${where}: ${why}; check journalctl -u ${unit}`,
    evidence: [`no listening socket matches ${where}`, ...stale],
    ownerKnown: false,
  };
}

/**
 * The systemd unit likely to own an expectation: php-fpm's is versioned like its socket
 * (/run/php/php8.2-fpm.sock -> php8.2-fpm); otherwise the owner's name.
 */
export function guessUnit(want: ExpectedListener): string {
  if (want.address.kind === 'unix') {
    const versioned = /(php[\d.]+-fpm)/.exec(want.address.path);
    if (versioned?.[1] !== undefined && want.owner.startsWith('php')) return versioned[1];
  }
  return want.owner;
}

function satisfies(socket: ListeningSocket, address: ListenerAddress): boolean {
  if (address.kind === 'unix') return socket.kind === 'unix' && socket.path === address.path;
  if (socket.kind !== 'tcp' || socket.port !== address.port) return false;
  if (address.address === undefined) return true;
  const wanted = address.address;
  const wantsV4 = !wanted.includes(':');
  if (socket.address === wanted) return true;
  if (wantsV4 && socket.address === `::ffff:${wanted}`) return true;
  // A wildcard bind holds every address of its family; "::" also takes IPv4 unless IPV6_V6ONLY, which /proc does not show.
  if (socket.address === '::') return true;
  return wantsV4 && socket.address === '0.0.0.0';
}

function describeListener(listener: Listener): string {
  const who =
    listener.processes.length === 0 ? 'process unknown' : describeProcesses(listener.processes).join(', ');
  return `${formatSocket(listener.socket)} listening, held by ${who}`;
}

function uniqueProcesses(processes: readonly ProcessInfo[]): ProcessInfo[] {
  const seen = new Map<number, ProcessInfo>();
  for (const process of processes) seen.set(process.pid, process);
  return [...seen.values()].sort((a, b) => a.pid - b.pid);
}

/** What to do about a squatter; a mesh VPN's HTTPS "serve" feature is the known thief of :443. */
function releaseHint(squatters: readonly ProcessInfo[]): string {
  if (squatters.some((p) => p.name.startsWith('tailscale')))
    return 'stop its serve mapping (tailscale serve reset)';
  return 'stop it or move it to another port';
}
