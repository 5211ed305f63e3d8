/** One line of a probe's log, shown by `/probe?debug=true` and passed to the server's logger. */
export interface ProbeLogEntry {
  /** milliseconds since the epoch */
  at: number;
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Renders entries as logfmt, the format blackbox_exporter's debug output uses:
 * `ts=2026-01-01T00:00:00.000Z level=info msg="Probe succeeded" duration_seconds=0.004`.
 */
export function formatLogfmt(
  entries: readonly ProbeLogEntry[],
  context: Readonly<Record<string, string>>,
): string {
  return entries
    .map((entry) => {
      const pairs: Array<[string, string | number | boolean]> = [
        ['ts', new Date(entry.at).toISOString()],
        ...Object.entries(context),
        ['level', entry.level],
        ['msg', entry.msg],
        ...Object.entries(entry.fields ?? {}),
      ];
      return pairs.map(([key, value]) => `${key}=${formatValue(value)}`).join(' ');
    })
    .join('\n');
}

function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return text === '' || /[\s"=\\]/.test(text) || /[^\x20-\x7e]/.test(text) ? JSON.stringify(text) : text;
}
