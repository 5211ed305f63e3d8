/** What a CLI command gets from the process: injected so commands run the same in tests and for real. */
export interface CommandIo {
  /** `fd` is set for the process's own streams: a report path naming them (/dev/stderr) is written through */
  stdout: { write(chunk: string): unknown; isTTY?: boolean; fd?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; fd?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A command parses its own argv (everything after the command name) and resolves to the exit status. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

/** DESIGN.md: 0 all ok, 1 something failed, 2 bad usage or bad configuration. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
