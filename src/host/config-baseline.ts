import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeSystemError, readSystemErrorCode } from '../describe-system-error.js';
import { FrontdoorError } from '../errors.js';
import { kernelFilesystemOf, makeDirectory } from '../fs/make-directory.js';
import { describeReadFailure, readBoundedText } from '../fs/read-bounded-file.js';
import { BASELINE_READ_LIMIT } from '../fs/read-limits.js';
import type { ConfigTree } from './collect-nginx-tree.js';
import { hashConfigTree, hashContent } from './hash-config-tree.js';

/** An accepted configuration tree: hashes plus full contents, so drift can be shown as a diff. */
export interface ConfigBaseline {
  version: 1;
  mainPath: string;
  sha256: string;
  /** ISO time the baseline was accepted */
  acceptedAt: string;
  files: { path: string; sha256: string; content: string }[];
}

/** One baseline per main configuration file, named by a hash of its path. */
export function baselineFile(stateDir: string, mainPath: string): string {
  return join(stateDir, `nginx-baseline-${hashContent(mainPath).slice(0, 16)}.json`);
}

/** Builds the baseline record for a tree (pure). */
export function createBaseline(tree: ConfigTree, acceptedAt: Date): ConfigBaseline {
  return {
    version: 1,
    mainPath: tree.mainPath,
    sha256: hashConfigTree(tree),
    acceptedAt: acceptedAt.toISOString(),
    files: tree.files.map((f) => ({ path: f.path, sha256: hashContent(f.content), content: f.content })),
  };
}

/** FD_ERR_IO for a state directory in a kernel filesystem (/proc, /sys, /dev), which stores no files. */
export function assertStateDirUsable(stateDir: string): void {
  const kernel = kernelFilesystemOf(stateDir);
  if (kernel !== undefined) {
    throw new FrontdoorError(
      'FD_ERR_IO',
      `cannot keep baselines in ${stateDir}: ${kernel} is a kernel filesystem that stores no files (use --state-dir)`,
    );
  }
}

/**
 * Writes the baseline atomically (temp file + rename); FD_ERR_IO naming the path when it cannot, and at
 * once for a state directory that cannot hold files (assertStateDirUsable).
 */
export async function saveBaseline(stateDir: string, baseline: ConfigBaseline): Promise<string> {
  const path = baselineFile(stateDir, baseline.mainPath);
  assertStateDirUsable(stateDir);
  try {
    await makeDirectory(stateDir, 0o700);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(baseline, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    const code = describeSystemError(error, 'EIO');
    throw new FrontdoorError('FD_ERR_IO', `cannot write baseline ${path}: ${code} (use --state-dir)`, {
      cause: error,
    });
  }
  return path;
}

// Checked whole, so a hand-edited or truncated file is named here instead of failing later in the diff.
const BASELINE_SCHEMA = z.object({
  version: z.literal(1),
  mainPath: z.string(),
  sha256: z.string(),
  acceptedAt: z.string(),
  files: z.array(z.object({ path: z.string(), sha256: z.string(), content: z.string() })),
});

function corrupt(path: string, why: string, cause: unknown): FrontdoorError {
  return new FrontdoorError(
    'FD_ERR_IO',
    `baseline ${path} is unreadable (${why}): accept a new one with 'frontdoor host baseline'`,
    { cause },
  );
}

/**
 * The stored baseline for a main file, or undefined when none was accepted yet. A baseline that is no
 * regular file or is over BASELINE_READ_LIMIT is unreadable (FD_ERR_IO), never read to the end.
 */
export async function loadBaseline(stateDir: string, mainPath: string): Promise<ConfigBaseline | undefined> {
  const path = baselineFile(stateDir, mainPath);
  let text: string;
  try {
    text = await readBoundedText(path, BASELINE_READ_LIMIT);
  } catch (error) {
    if (readSystemErrorCode(error) === 'ENOENT') return undefined;
    const reason = describeReadFailure(error);
    throw new FrontdoorError('FD_ERR_IO', `cannot read baseline ${path}: ${reason}`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text it choked on, newlines and all; the message must stay one line.
    throw corrupt(path, 'not JSON', error);
  }
  const checked = BASELINE_SCHEMA.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw corrupt(path, `not a frontdoor baseline${where}`, checked.error);
  }
  return checked.data;
}
