import { resolve } from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import { type ErrorCode, FrontdoorError } from '../errors.js';
import { buildConfig } from './build-config.js';
import { checkReferences } from './check-references.js';
import { type ConfigIssue, formatPath } from './config-issue.js';
import { configSchema } from './config-schema.js';
import type { FrontdoorConfig } from './config-types.js';
import { displayPath } from './display-path.js';
import { findKeyProblems } from './find-key-problems.js';
import { describeZodIssue, fromZodIssues } from './from-zod-issues.js';
import { locateNode } from './locate-node.js';

/**
 * Parses and validates configuration text. Pure: no file access. `source` is the file's path (relative
 * paths are taken against `options.cwd`, default the process's); messages name it relative to cwd.
 * Every problem is thrown as one line "file:line:column: path: message":
 * FD_ERR_CONFIG_SYNTAX for YAML errors and duplicate keys, FD_ERR_CONFIG_SCHEMA for everything else.
 * @example parseConfig('origins: { web1: 10.0.0.11 }\n', 'frontdoor.yaml')
 */
export function parseConfig(text: string, source: string, options: { cwd?: string } = {}): FrontdoorConfig {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, source);
  const name = displayPath(absolute, cwd);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };

  const yamlError = doc.errors[0];
  if (yamlError !== undefined) {
    // yaml's own wording for this one suggests an API call; say what the user can do instead.
    const message =
      yamlError.code === 'MULTIPLE_DOCS'
        ? "more than one YAML document ('---'); frontdoor reads a single document"
        : (yamlError.message.split('\n')[0] ?? yamlError.code);
    throw new FrontdoorError('FD_ERR_CONFIG_SYNTAX', `${where(yamlError.pos[0])}: bad YAML: ${message}`, {
      cause: yamlError,
    });
  }
  const keyProblems = findKeyProblems(doc, (offset) => lineCounter.linePos(offset).line);
  if (keyProblems.length > 0) throwFirst('FD_ERR_CONFIG_SYNTAX', keyProblems, doc, where);
  if (doc.contents === null) {
    throw new FrontdoorError('FD_ERR_CONFIG_SCHEMA', `${where(0)}: the configuration is empty`);
  }

  let plain: unknown;
  try {
    plain = doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand without bound ("billion laughs").
    const message = error instanceof Error ? error.message : String(error);
    throw new FrontdoorError('FD_ERR_CONFIG_SYNTAX', `${where(0)}: bad YAML: ${message}`, { cause: error });
  }
  const parsed = configSchema.safeParse(withoutExtensions(plain), {
    reportInput: true,
    error: describeZodIssue,
  });
  if (!parsed.success) throwFirst('FD_ERR_CONFIG_SCHEMA', fromZodIssues(parsed.error.issues), doc, where);
  const referenceProblems = checkReferences(parsed.data);
  if (referenceProblems.length > 0) throwFirst('FD_ERR_CONFIG_SCHEMA', referenceProblems, doc, where);
  return buildConfig(parsed.data, absolute);
}

/**
 * Top-level keys starting with "x-" are ignored (the docker-compose convention), so YAML anchors can be
 * defined once and shared; every other unknown key stays an error.
 */
function withoutExtensions(plain: unknown): unknown {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return plain;
  return Object.fromEntries(Object.entries(plain).filter(([key]) => !key.startsWith('x-')));
}

/** Reports the issue that comes first in the file, so fixing top to bottom always makes progress. */
function throwFirst(
  code: ErrorCode,
  issues: readonly ConfigIssue[],
  doc: Document,
  where: (offset: number) => string,
): never {
  const located = issues.map((issue) => ({
    issue,
    offset: issue.offset ?? locateNode(doc, issue.path, issue.at),
  }));
  located.sort((a, b) => a.offset - b.offset);
  const first = located[0];
  if (first === undefined) throw new FrontdoorError(code, 'invalid configuration');
  const path = first.issue.path.length > 0 ? formatPath(first.issue.path) : 'top level';
  throw new FrontdoorError(code, `${where(first.offset)}: ${path}: ${first.issue.message}`);
}
