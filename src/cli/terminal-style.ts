import type { CommandIo } from './command.js';

export interface TerminalStyle {
  color: boolean;
  /** columns of the terminal; absent when stdout is not one (a pipe or file gets whole lines) */
  width?: number;
}

/**
 * How to draw for this stdout: colour only on a terminal, never with --no-color or a non-empty NO_COLOR
 * (https://no-color.org); wrap to the terminal's width only on a terminal.
 */
export function readTerminalStyle(io: CommandIo, noColorFlag: boolean): TerminalStyle {
  const isTerminal = io.stdout.isTTY === true;
  const noColorEnv = io.env.NO_COLOR;
  const style: TerminalStyle = {
    color: isTerminal && !noColorFlag && (noColorEnv === undefined || noColorEnv === ''),
  };
  // `columns` is on tty.WriteStream but not in CommandIo's minimal stream shape.
  const columns = (io.stdout as { columns?: unknown }).columns;
  if (isTerminal && typeof columns === 'number' && columns > 0) style.width = columns;
  return style;
}
