import type { Verdict } from '../diagnose/verdict.js';

export type Tone = 'good' | 'bad' | 'warn' | 'plain';

const SGR: Record<Exclude<Tone, 'plain'>, string> = { good: '32', bad: '31', warn: '33' };

/** Green for ok, yellow for degraded-but-serving (slow, intermittent), red for everything that failed. */
export function toneOfVerdict(verdict: Verdict): Tone {
  if (verdict === 'ok') return 'good';
  if (verdict === 'slow' || verdict === 'intermittent') return 'warn';
  return 'bad';
}

/** Wraps text in an ANSI colour when enabled; returns it untouched otherwise. */
export function colorize(text: string, tone: Tone, enabled: boolean): string {
  if (!enabled || tone === 'plain' || text === '') return text;
  return `\u001b[${SGR[tone]}m${text}\u001b[39m`;
}
