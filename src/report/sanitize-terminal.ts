// C0 controls, DEL and the C1 range: a terminal acts on them instead of printing them (ESC opens a sequence
// that moves the cursor or changes colours, and U+009B is a whole CSI by itself where C1 is honoured).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function escapeControl(character: string): string {
  if (character === '\t') return ' ';
  return `\\x${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Text for a terminal line that may carry what a server sent (summaries quote status lines, titles, headers):
 * every control character is shown as a visible `\xNN` (a tab as a space), so nothing a server sends can move
 * the cursor, change colours or break the line. JSON output needs none of this: JSON escapes them itself.
 * @example sanitizeForTerminal('502 \u001b[2JBad') // "502 \\x1B[2JBad"
 */
export function sanitizeForTerminal(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeControl) : text;
}
