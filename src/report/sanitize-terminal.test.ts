import { describe, expect, it } from 'vitest';
import { sanitizeForTerminal } from './sanitize-terminal.js';

describe('sanitizeForTerminal', () => {
  it('leaves printable text alone, Latin-1 and beyond included', () => {
    const text = "web1 answered 200 'Café ✓' in 3.1 ms";
    expect(sanitizeForTerminal(text)).toBe(text);
  });

  it('shows C0 controls, DEL and C1 controls as visible escapes, a tab as a space', () => {
    expect(sanitizeForTerminal('a\u001b[31mred\u001b[0m')).toBe('a\\x1B[31mred\\x1B[0m');
    expect(sanitizeForTerminal('x\u009b2Jy\u0085z')).toBe('x\\x9B2Jy\\x85z');
    expect(sanitizeForTerminal('one\r\ntwo\u0007\u007f')).toBe('one\\x0D\\x0Atwo\\x07\\x7F');
    expect(sanitizeForTerminal('a\tb\u0000')).toBe('a b\\x00');
  });

  it('gives the same answer however often it is called (no regex state left behind)', () => {
    for (let i = 0; i < 3; i += 1) expect(sanitizeForTerminal('\u001b')).toBe('\\x1B');
  });
});
