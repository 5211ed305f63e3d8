import type { HostEventFacts } from '../incidents/host-event.js';
import { capText } from './cap-text.js';
import type { UnreadableState } from './host-snapshot.js';

/**
 * Pure: `could_not_read` when what the agent cannot see changes and is not nothing: a listener whose
 * holder it cannot identify, a file it may not read, `nginx -t` that needs root. Unreadable pids alone
 * come and go with every short-lived process of another user, so they are reported as a detail of the
 * listeners they hide, not as a change of their own.
 */
export function detectUnreadableChanges(
  previous: UnreadableState | undefined,
  current: UnreadableState,
): HostEventFacts[] {
  const empty = current.listeners.length === 0 && current.files.length === 0 && !current.nginxTest;
  if (empty || (previous !== undefined && keyOf(previous) === keyOf(current))) return [];
  return [
    {
      type: 'could_not_read',
      listeners: current.listeners,
      processes: { count: current.pidCount, pids: current.pids },
      files: current.files,
      nginxTest: current.nginxTest,
      hint: capText(hintFor(current)),
    },
  ];
}

function keyOf(state: UnreadableState): string {
  return JSON.stringify([[...state.listeners].sort(), [...state.files].sort(), state.nginxTest]);
}

/** What would let the agent see it; docs/agent.md explains each trade-off. */
function hintFor(state: UnreadableState): string {
  const hints = [
    state.listeners.length > 0
      ? `${state.listeners.join(', ')}: holder unknown, ${state.pidCount} processes' fds unreadable (grant CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE, or run as root)`
      : '',
    state.files.length > 0 ? 'files unreadable (add the agent to the group that owns them, e.g. adm)' : '',
    state.nginxTest ? 'nginx -t needs root to open the pid file and logs' : '',
  ];
  return hints.filter((hint) => hint !== '').join('; ');
}
