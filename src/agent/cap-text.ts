import { HOST_EVENT_LIMITS } from '../incidents/host-event.js';

/** A string cut to `max` characters, marked with "…" when cut. */
export function capText(text: string, max: number = HOST_EVENT_LIMITS.lineChars): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The first `max` items of a list. */
export function capList<T>(items: readonly T[], max: number = HOST_EVENT_LIMITS.listItems): T[] {
  return items.slice(0, max);
}

/** Output lines within the event's bounds: at most `outputLines` lines of at most `lineChars` each. */
export function capLines(lines: readonly string[]): { lines: string[]; truncated: boolean } {
  const kept = lines.slice(0, HOST_EVENT_LIMITS.outputLines).map((line) => capText(line));
  const truncated =
    lines.length > kept.length || lines.some((line) => line.length > HOST_EVENT_LIMITS.lineChars);
  return { lines: kept, truncated };
}

/**
 * A unified diff within `diffChars`, cut at a line end so no half line is sent, with a last line
 * saying how much was left out.
 */
export function capDiff(diff: string): { diff: string; truncated: boolean } {
  const max = HOST_EVENT_LIMITS.diffChars;
  if (diff.length <= max) return { diff, truncated: false };
  const note = (left: number) => `[... ${left} more characters of the diff not sent]\n`;
  const room = max - note(diff.length).length;
  const cut = diff.lastIndexOf('\n', room - 1) + 1;
  return { diff: diff.slice(0, cut) + note(diff.length - cut), truncated: true };
}
