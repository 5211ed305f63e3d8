import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from './command.js';
import { readTerminalStyle } from './terminal-style.js';

function io(
  stdout: CommandIo['stdout'] & { columns?: number },
  env: Record<string, string | undefined> = {},
): CommandIo {
  return { stdout, stderr: { write: () => true }, stdin: new PassThrough(), env, cwd: '/' };
}

const terminal = { write: () => true, isTTY: true, columns: 100 };
const pipe = { write: () => true };

describe('readTerminalStyle', () => {
  it('colours and cuts to the width on a terminal', () => {
    expect(readTerminalStyle(io(terminal), false)).toEqual({ color: true, width: 100 });
  });

  it('neither colours nor cuts on a pipe', () => {
    expect(readTerminalStyle(io(pipe), false)).toEqual({ color: false });
  });

  it('honours --no-color and a non-empty NO_COLOR, but not an empty one', () => {
    expect(readTerminalStyle(io(terminal), true).color).toBe(false);
    expect(readTerminalStyle(io(terminal, { NO_COLOR: '1' }), false).color).toBe(false);
    expect(readTerminalStyle(io(terminal, { NO_COLOR: '' }), false).color).toBe(true);
  });

  it('leaves the width out when the terminal does not report one', () => {
    expect(readTerminalStyle(io({ write: () => true, isTTY: true }), false)).toEqual({ color: true });
  });
});
