import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeSystemError } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure, ReadRefusedError, readBoundedText } from '../fs/read-bounded-file.js';
import type { ReadLimit } from '../fs/read-limits.js';
import type { PackageCursor } from './detect-package-changes.js';
import { type HostSnapshot, hostSnapshotSchema } from './host-snapshot.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * What the agent remembers between checks and across restarts, in SPOOL/state.json. Writing it is the
 * commit point of a check: events appended to the spool with sequences at or past `nextSequence` were
 * not committed (the agent died between the two writes) and are dropped on start, then found again by
 * the next check, which compares with the same `snapshot`.
 */
export interface AgentState {
  version: 1;
  origin: string;
  /** the sequence the next event gets */
  nextSequence: number;
  /** the last check's facts; absent before the first check */
  snapshot?: HostSnapshot;
  packageCursor?: PackageCursor;
}

const STATE_SCHEMA = z.object({
  version: z.literal(1),
  origin: z.string().min(1),
  nextSequence: z.int().positive(),
  snapshot: hostSnapshotSchema.optional(),
  packageCursor: z.object({ time: z.string(), keys: z.array(z.string()) }).optional(),
});

export const STATE_FILE = 'state.json';

/** A state file is a few kilobytes plus one capped diff; anything far larger is not ours. */
const STATE_READ_LIMIT: ReadLimit = { maxBytes: 4 * 1024 * 1024, what: 'an agent state' };

export type LoadedState =
  | { kind: 'found'; state: AgentState }
  | { kind: 'absent' }
  | { kind: 'corrupt'; movedTo: string; problem: string };

/**
 * Reads state.json. A file that is not a valid state (a disk error, a hand edit) is moved aside and
 * reported, not fatal: the agent starts afresh, and its sequence numbers stay above the old ones
 * because a fresh state starts at the current time in milliseconds.
 */
export async function loadAgentState(dir: string, now: Date): Promise<LoadedState> {
  const path = join(dir, STATE_FILE);
  let text: string | undefined;
  let problem: string | undefined;
  try {
    text = await readBoundedText(path, STATE_READ_LIMIT);
    problem = describeProblem(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    // Too large or not a file: ours to set aside. Anything else (permissions) the operator must fix.
    if (!(error instanceof ReadRefusedError)) {
      throw new FrontdoorError(
        'FD_ERR_IO',
        `cannot read agent state ${path}: ${describeReadFailure(error)}`,
        {
          cause: error,
        },
      );
    }
    problem = error.message;
  }
  if (problem === undefined && text !== undefined) {
    return { kind: 'found', state: STATE_SCHEMA.parse(JSON.parse(text)) as AgentState };
  }
  const movedTo = `${path}.corrupt-${now.getTime()}`;
  await rename(path, movedTo);
  return { kind: 'corrupt', movedTo, problem: problem ?? 'unreadable' };
}

function describeProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const checked = STATE_SCHEMA.safeParse(parsed);
  if (checked.success) return undefined;
  const where = checked.error.issues[0]?.path.join('.') ?? '';
  return `not an agent state${where === '' ? '' : ` at ${where}`}`;
}

/** Writes state.json atomically (temporary file, fsync, rename, fsync of the folder). */
export async function saveAgentState(dir: string, state: AgentState): Promise<void> {
  const path = join(dir, STATE_FILE);
  try {
    await writeFileAtomic(path, `${JSON.stringify(state)}\n`);
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_IO',
      `cannot write agent state ${path}: ${describeSystemError(error, 'EIO')}`,
      {
        cause: error,
      },
    );
  }
}
