import type { Change, HostChange } from './change.js';
import { PACKAGE_VERBS } from './describe-host-event.js';
import type { ProcessFacts } from './host-event.js';

/**
 * A likely cause in one line, the way an operator would say it:
 * "nginx restarted by unattended-upgrades 06:11:04, then :443 held by openvpn pid 812". The first part
 * is what set it off (an upgrade and the restart it caused, a drift), the last what broke the door. Times
 * are UTC; a date is added when the change was on another day than the incident's start.
 */
export function describeCause(chain: readonly Change[], startMs: number): string {
  const head = chain.at(-1);
  if (head === undefined) return '';
  if (chain.length === 1) return describeAlone(head, startMs);
  const restart = chain.find((change) => change.kind === 'host' && change.event.type === 'service_restarted');
  const upgrade = chain.find((change) => change.kind === 'host' && change.event.type === 'package_changed');
  const first = chain[0] as Change;
  let root = describeAlone(first, startMs);
  if (restart?.kind === 'host' && restart.event.type === 'service_restarted') {
    root = `${restart.event.service} restarted${actorOf(upgrade)} ${clock(restart.at, startMs)}`;
  } else if (first.kind === 'host' && first.event.type === 'socket_disappeared') {
    const holders = first.event.previous.length === 0 ? 'its holder' : describeHolders(first.event.previous);
    root = `${holders} let go of ${listenerName(first.event.listener)} ${clock(first.at, startMs)}`;
  }
  return restart === head ? root : `${root}, then ${describeOutcome(head, startMs)}`;
}

/** " by unattended-upgrades" when the restart followed a package change. */
function actorOf(upgrade: Change | undefined): string {
  return upgrade?.kind === 'host' && upgrade.event.type === 'package_changed'
    ? ` by ${upgrade.event.actor}`
    : '';
}

/** The change that broke the door, without its time (the chain's start has one). */
function describeOutcome(change: Change, startMs: number): string {
  if (change.kind === 'deploy') return describeAlone(change, startMs);
  const { event } = change;
  switch (event.type) {
    case 'listener_owner_changed':
    case 'socket_returned':
      return `${listenerName(event.listener)} held by ${describeHolders(event.current)}`;
    case 'socket_disappeared':
      return `nothing listens on ${listenerName(event.listener)}`;
    case 'nginx_test_failing':
      return `nginx -t fails${firstProblem(event.output)}`;
    case 'config_drift_appeared':
      return `${event.config} drifted from its baseline`;
    default:
      return describeAlone(change, startMs);
  }
}

/** One change on its own, with its time. */
function describeAlone(change: Change, startMs: number): string {
  const at = clock(change.at, startMs);
  if (change.kind === 'deploy') {
    const { mark } = change;
    const what = mark.version === undefined ? 'a deploy' : `deploy ${mark.version}`;
    return `${what} ${mark.result === 'failed' ? 'failed its gate' : 'passed its gate'} ${at}`;
  }
  const { event } = change as HostChange;
  switch (event.type) {
    case 'package_changed':
      return `${event.package} ${PACKAGE_VERBS[event.action]} by ${event.actor} ${at}`;
    case 'service_restarted':
      return `${event.service} restarted ${at}`;
    case 'socket_disappeared':
      return `nothing listens on ${listenerName(event.listener)} since ${at} (was ${describeHolders(event.previous)})`;
    case 'listener_owner_changed':
    case 'socket_returned':
      return `${listenerName(event.listener)} held by ${describeHolders(event.current)}, not ${event.expectedOwner}, since ${at}`;
    case 'nginx_test_failing':
      return `nginx -t fails since ${at}${firstProblem(event.output)}`;
    case 'config_drift_appeared':
      return `${event.config} drifted from its baseline ${at}`;
    default:
      return `${change.line} (${at})`;
  }
}

/** "443" is a port on every address: ":443"; "127.0.0.1:8443" and "unix:/run/php.sock" read as they are. */
export function listenerName(listener: string): string {
  return /^\d+$/.test(listener) ? `:${listener}` : listener;
}

/** "openvpn pid 812", "nginx pids 2001, 2002", "an unknown process". */
function describeHolders(processes: readonly ProcessFacts[]): string {
  if (processes.length === 0) return 'an unknown process';
  const byName = new Map<string, number[]>();
  for (const p of processes) byName.set(p.name, [...(byName.get(p.name) ?? []), p.pid]);
  return [...byName]
    .map(([name, pids]) => `${name} ${pids.length === 1 ? 'pid' : 'pids'} ${pids.slice(0, 3).join(', ')}`)
    .join(' and ');
}

/** ": unknown directive ..." from nginx -t's first [emerg] line, short. */
function firstProblem(output: readonly string[]): string {
  const line = output.find((text) => text.includes('[emerg]')) ?? output[0];
  if (line === undefined) return '';
  const text = line.replace(/^nginx: \[emerg\] /, '');
  return `: ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}

/** "06:11:04" (UTC) on the start's day, "2026-11-22 23:58:00" otherwise. */
function clock(at: string, startMs: number): string {
  const iso = new Date(Date.parse(at)).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(startMs).toISOString().slice(0, 10);
  return sameDay ? iso.slice(11, 19) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
