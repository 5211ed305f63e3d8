import { findBinary, type LabBinary } from '../../../src/lab/require-binary.js';

export interface ToolCheck {
  skip: boolean;
  /** why the tests are skipped; empty when nothing is missing */
  reason: string;
  /** absolute paths of the tools that were found */
  paths: Partial<Record<LabBinary, string>>;
}

/**
 * Decides whether an integration test file can run. Locally a missing server program skips the file with a
 * clear reason; under CI=true it throws, because a CI run that silently skipped nginx would prove nothing.
 * @example const tools = requireTools(['nginx', 'openssl']); describe.skipIf(tools.skip)(...)
 */
export function requireTools(tools: readonly LabBinary[], env: NodeJS.ProcessEnv = process.env): ToolCheck {
  const paths: Partial<Record<LabBinary, string>> = {};
  const missing: LabBinary[] = [];
  for (const tool of tools) {
    const path = findBinary(tool);
    if (path === undefined) missing.push(tool);
    else paths[tool] = path;
  }
  if (missing.length === 0) return { skip: false, reason: '', paths };
  const reason = `${missing.join(', ')} not installed (searched /usr/sbin, /usr/bin, /usr/local/sbin, /usr/local/bin)`;
  if (env.CI === 'true')
    throw new Error(`CI=true and ${reason}: integration tests must not be skipped in CI`);
  console.warn(`skipping: ${reason}`);
  return { skip: true, reason, paths };
}
