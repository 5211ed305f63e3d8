import { resolve } from 'node:path';
import { type Document, LineCounter } from 'yaml';
import { type ErrorCode, FrontdoorError } from '../errors.js';
import { buildConfig, buildWatch } from './build-config.js';
import { checkReferences } from './check-references.js';
import { type ConfigIssue, formatPath } from './config-issue.js';
import { configSchema, type RawConfig, serveConfigSchema } from './config-schema.js';
import type { FrontdoorConfig } from './config-types.js';
import { countTargets, MAX_TARGETS } from './count-targets.js';
import { DAEMON_SECTIONS } from './daemon-sections.js';
import { decodeUtf8 } from './decode-utf8.js';
import { displayPath } from './display-path.js';
import { type Environment, expandVariables } from './expand-variables.js';
import { findKeyProblems } from './find-key-problems.js';
import { describeZodIssue, fromZodIssues } from './from-zod-issues.js';
import { locateNode } from './locate-node.js';
import { MAX_YAML_VALUES, parseYaml } from './parse-yaml.js';

/**
 * Who reads the file: `check` (and every one-shot command) validates the v1 sections and ignores
 * DAEMON_SECTIONS; `serve` validates the whole file and fills in `config.watch`.
 */
export type ConfigReader = 'check' | 'serve';

export interface ParseConfigOptions {
  cwd?: string;
  /** default 'check' */
  reader?: ConfigReader;
  /** fills `${VAR}` references; absent, every reference is unset */
  env?: Environment;
}

/**
 * Parses and validates configuration text, or the file's bytes (which must be UTF-8). Pure: no file
 * access. `source` is the file's path (relative paths are taken against `options.cwd`, default the
 * process's); messages name it relative to cwd. Every problem is thrown as one line
 * "file:line:column: path: message": FD_ERR_CONFIG_SYNTAX for bytes that are not UTF-8, YAML errors,
 * nesting, aliases past their bounds (parse-yaml.ts) and duplicate keys; FD_ERR_CONFIG_SCHEMA for
 * everything else, more than MAX_TARGETS targets included, and a `${VAR}` whose variable is not set.
 * `${VAR}` in any string value reads `options.env` (default: no variables, so every reference is an error);
 * for `check`, a reference left unset in a section it ignores (DAEMON_SECTIONS) is no error (expandVariables);
 * YAML merge keys (`<<: *base`) are applied.
 * @example parseConfig('origins: { web1: 10.0.0.11 }\n', 'frontdoor.yaml')
 */
export function parseConfig(
  content: string | Uint8Array,
  source: string,
  options: ParseConfigOptions = {},
): FrontdoorConfig {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, source);
  const name = displayPath(absolute, cwd);
  const text = typeof content === 'string' ? content : decodeConfigBytes(content, name);
  const lineCounter = new LineCounter();
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  const parsedYaml = parseYaml(text, lineCounter);
  if (!('doc' in parsedYaml)) {
    throw new FrontdoorError(
      'FD_ERR_CONFIG_SYNTAX',
      `${where(parsedYaml.offset)}: bad YAML: ${parsedYaml.message}`,
    );
  }
  const { doc } = parsedYaml;

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
  const serve = options.reader === 'serve';
  const variableProblems = expandVariables(doc, text, options.env ?? {}, serve ? [] : DAEMON_SECTIONS);
  if (variableProblems.length > 0) throwFirst('FD_ERR_CONFIG_SCHEMA', variableProblems, doc, where);

  let plain: unknown;
  try {
    // parseYaml has bounded what aliases expand to; yaml's own per-anchor count stays on behind it, at a
    // level that no longer refuses a shared block used by more than 100 sites (its default).
    plain = doc.toJS({ maxAliasCount: MAX_YAML_VALUES });
  } catch (error) {
    // yaml refuses documents whose aliases expand without bound ("billion laughs").
    const message = error instanceof Error ? error.message : String(error);
    throw new FrontdoorError('FD_ERR_CONFIG_SYNTAX', `${where(0)}: bad YAML: ${message}`, { cause: error });
  }
  const input = withoutExtensions(plain, serve ? [] : DAEMON_SECTIONS);
  const parsed = (serve ? serveConfigSchema : configSchema).safeParse(input, {
    reportInput: true,
    error: describeZodIssue,
  });
  if (!parsed.success) throwFirst('FD_ERR_CONFIG_SCHEMA', fromZodIssues(parsed.error.issues), doc, where);
  const data: RawConfig = parsed.data;
  const referenceProblems = checkReferences(data, { daemon: serve });
  if (referenceProblems.length > 0) throwFirst('FD_ERR_CONFIG_SCHEMA', referenceProblems, doc, where);
  const config = buildConfig(data, absolute);
  if (serve) config.watch = buildWatch(data.watch);
  const targets = countTargets(config);
  if (targets > MAX_TARGETS) {
    throwFirst(
      'FD_ERR_CONFIG_SCHEMA',
      [
        {
          path: ['sites'],
          message: `the configuration expands to ${targets.toLocaleString('en')} targets; frontdoor checks at most ${MAX_TARGETS.toLocaleString('en')} in one run (each hostname through the edge and on each origin)`,
        },
      ],
      doc,
      where,
    );
  }
  return config;
}

/** The file's bytes as text; anything but UTF-8 is refused where its first foreign byte is. */
function decodeConfigBytes(bytes: Uint8Array, name: string): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  const byte = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
  throw new FrontdoorError(
    'FD_ERR_CONFIG_SYNTAX',
    `${name}:${decoded.line}:${decoded.column}: not UTF-8 (byte 0x${byte}); save the file as UTF-8`,
  );
}

/**
 * Top-level keys starting with "x-" are ignored (the docker-compose convention), so YAML anchors can be
 * defined once and shared; so are the sections this reader does not use. Every other unknown key stays
 * an error.
 */
function withoutExtensions(plain: unknown, ignored: readonly string[]): unknown {
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return plain;
  return Object.fromEntries(
    Object.entries(plain).filter(([key]) => !key.startsWith('x-') && !ignored.includes(key)),
  );
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
