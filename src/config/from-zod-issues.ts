import type { z } from 'zod';
import type { ConfigIssue, PathSegment } from './config-issue.js';

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map',
  record: 'a map',
};

/**
 * Parse-time error map: words a type mismatch for the person editing the file. zod asks it only where the
 * schema gave no message of its own, so the schema's wording wins without comparing message text.
 */
export function describeZodIssue(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' ? describeTypeMismatch(issue.expected, issue.input) : undefined;
}

/** Turns zod's issues into positioned config issues with messages written for the person editing the file. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): ConfigIssue[] {
  return issues.map((issue) => {
    const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
    // With reportInput, an absent key shows up as an issue about the value undefined.
    if (
      issue.code !== 'custom' &&
      issue.code !== 'unrecognized_keys' &&
      'input' in issue &&
      issue.input === undefined
    ) {
      return { path: path.slice(0, -1), message: `missing required key '${String(path.at(-1))}'` };
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        // The message (from closedObject) names the first key; point at that key.
        return { path: [...path, issue.keys[0] ?? ''], message: issue.message, at: 'key' };
      case 'invalid_value':
        return {
          path,
          message: `${describeValue(issue.input)} is not one of: ${issue.values.map(String).join(', ')}`,
        };
      case 'custom': {
        const at = (issue.params as { at?: unknown } | undefined)?.at === 'key' ? 'key' : 'value';
        return { path, message: issue.message, at };
      }
      default:
        return { path, message: issue.message };
    }
  });
}

function describeTypeMismatch(expected: string, input: unknown): string {
  const want = EXPECTED[expected] ?? expected;
  if (input === null) return `expected ${want}, but the value is empty`;
  const hint =
    expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')
      ? '; quote it so YAML keeps it as written'
      : '';
  return `expected ${want}, got ${describeValue(input)}${hint}`;
}

function describeValue(input: unknown): string {
  if (input === null) return 'nothing';
  if (typeof input === 'string') return `'${input}'`;
  if (typeof input === 'number' || typeof input === 'boolean') return `the ${typeof input} ${String(input)}`;
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a map';
  return typeof input;
}
