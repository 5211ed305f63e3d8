import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FrontdoorError } from '../errors.js';
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

/** Bounded: a state file is a few kilobytes plus one capped diff; anything far larger is not ours. */
const MAX_STATE_BYTES = 4 * 1024 * 1024;

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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (code === 'ENOENT') return { kind: 'absent' };
    throw new FrontdoorError('FD_ERR_IO', `cannot read agent state ${path}: ${code}`, { cause: error });
  }
  const problem = describeProblem(text);
  if (problem === undefined) {
    return { kind: 'found', state: STATE_SCHEMA.parse(JSON.parse(text)) as AgentState };
  }
  const movedTo = `${path}.corrupt-${now.getTime()}`;
  await rename(path, movedTo);
  return { kind: 'corrupt', movedTo, problem };
}

function describeProblem(text: string): string | undefined {
  if (text.length > MAX_STATE_BYTES) return `larger than ${MAX_STATE_BYTES} bytes`;
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
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new FrontdoorError('FD_ERR_IO', `cannot write agent state ${path}: ${code}`, { cause: error });
  }
}
