import { dirname, isAbsolute, join, normalize } from 'node:path';
import { FrontdoorError, isFrontdoorError } from '../../errors.js';
import { describeReadFailure } from '../../fs/read-bounded-file.js';
import { formatByteLimit } from '../../fs/read-limits.js';
import { nginxErrorAt } from './lex-nginx.js';
import { hasGlobMagic } from './match-glob.js';
import type { NginxConfigSource } from './nginx-config-source.js';
import type { NginxConfigTree, NginxDirective } from './nginx-directive.js';
import { createNginxBudget, formatCount, type NginxBudget, type NginxLimits } from './nginx-limits.js';
import { parseNginx } from './parse-nginx.js';

export interface LoadNginxOptions {
  /** where relative includes resolve; nginx uses the main file's directory (its conf prefix) */
  prefix?: string;
  /** default NGINX_LIMITS */
  limits?: NginxLimits;
}

// nginx has no cycle check of its own (it fails on "too many open files"); a chain this deep is a cycle.
const MAX_INCLUDE_DEPTH = 64;

interface LoadState {
  source: NginxConfigSource;
  prefix: string;
  files: string[];
  /** each file read and parsed once; a snippet included by a thousand sites is spliced a thousand times */
  parsed: Map<string, NginxDirective[]>;
  budget: NginxBudget;
}

function located(at: NginxDirective | undefined, message: string, cause?: unknown): FrontdoorError {
  if (at === undefined) return new FrontdoorError('FD_ERR_NGINX_CONFIG', message, { cause });
  const error = nginxErrorAt(at.file, at.line, at.column, message);
  return new FrontdoorError('FD_ERR_NGINX_CONFIG', error.message, { cause });
}

async function readConfigFile(
  state: LoadState,
  path: string,
  chain: string[],
  depth: number,
  at?: NginxDirective,
): Promise<NginxDirective[]> {
  const { budget } = state;
  budget.fileReads += 1;
  if (budget.fileReads > budget.limits.maxFileReads) {
    throw located(
      at,
      `more than ${formatCount(budget.limits.maxFileReads)} includes followed, the limit discovery reads (an include fan-out?)`,
    );
  }
  let directives = state.parsed.get(path);
  if (directives === undefined) {
    let text: string;
    try {
      text = await state.source.readFile(path);
    } catch (error) {
      // A source that knows better (a truncated dump) says so itself.
      if (isFrontdoorError(error)) throw error;
      const what = at === undefined ? 'configuration' : 'include';
      throw located(at, `cannot read ${what} ${path}: ${describeReadFailure(error)}`, error);
    }
    budget.bytes += text.length;
    if (budget.bytes > budget.limits.maxTotalBytes) {
      throw located(
        at,
        `${path} takes the tree past ${formatByteLimit(budget.limits.maxTotalBytes)} over all its files, the limit discovery reads`,
      );
    }
    directives = parseNginx(text, path, budget);
    state.parsed.set(path, directives);
    state.files.push(path);
  }
  return expandIncludes(state, directives, [...chain, path], depth);
}

async function resolveInclude(state: LoadState, directive: NginxDirective, chain: string[], depth: number) {
  const [target, ...extra] = directive.args;
  if (target === undefined || extra.length > 0) {
    throw nginxErrorAt(directive.file, directive.line, directive.column, '"include" takes exactly one path');
  }
  if (directive.block !== undefined) {
    throw nginxErrorAt(directive.file, directive.line, directive.column, '"include" cannot open a block');
  }
  const path = normalize(isAbsolute(target) ? target : join(state.prefix, target));
  const paths = hasGlobMagic(path) ? await state.source.expandGlob(path) : [path];
  const included: NginxDirective[] = [];
  for (const file of paths) {
    if (chain.includes(file) || chain.length >= MAX_INCLUDE_DEPTH) {
      throw nginxErrorAt(directive.file, directive.line, directive.column, `include cycle through ${file}`);
    }
    // Appended one by one: spreading a file of 100,000 directives into push() overflows the call stack.
    for (const child of await readConfigFile(state, file, chain, depth, directive)) included.push(child);
  }
  return included;
}

async function expandIncludes(
  state: LoadState,
  directives: NginxDirective[],
  chain: string[],
  depth: number,
): Promise<NginxDirective[]> {
  const out: NginxDirective[] = [];
  const { limits } = state.budget;
  for (const directive of directives) {
    // Counted as spliced, so an include fan-out cannot grow the tree past the limit from small files.
    state.budget.spliced += 1;
    if (state.budget.spliced > limits.maxDirectives) {
      throw nginxErrorAt(
        directive.file,
        directive.line,
        directive.column,
        `more than ${formatCount(limits.maxDirectives)} directives, the limit discovery reads in one tree`,
      );
    }
    if (directive.name === 'include') {
      for (const child of await resolveInclude(state, directive, chain, depth)) out.push(child);
      continue;
    }
    if (directive.block === undefined) {
      out.push(directive);
      continue;
    }
    // Each file's own nesting is checked as it is parsed; includes inside blocks add up across files.
    const maxDepth = state.budget.limits.maxDepth;
    if (depth + 1 > maxDepth) {
      throw nginxErrorAt(
        directive.file,
        directive.line,
        directive.column,
        `blocks nested more than ${maxDepth} deep, the limit discovery reads`,
      );
    }
    out.push({ ...directive, block: await expandIncludes(state, directive.block, chain, depth + 1) });
  }
  return out;
}

/**
 * Reads the main file and every file it includes (globs sorted, relative paths against the prefix) into one
 * tree, the way nginx assembles its configuration. Any unreadable or malformed file throws
 * FD_ERR_NGINX_CONFIG naming the file, line and column, and so does a tree past NGINX_LIMITS (file reads,
 * bytes, directives, nesting).
 */
export async function loadNginxConfig(
  mainFile: string,
  source: NginxConfigSource,
  options: LoadNginxOptions = {},
): Promise<NginxConfigTree> {
  const main = normalize(mainFile);
  const state: LoadState = {
    source,
    prefix: options.prefix ?? dirname(main),
    files: [],
    parsed: new Map(),
    budget: createNginxBudget(options.limits),
  };
  const directives = await readConfigFile(state, main, [], 0);
  return { mainFile: main, files: state.files, directives };
}
