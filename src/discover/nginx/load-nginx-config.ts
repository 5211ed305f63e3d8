import { dirname, isAbsolute, join, normalize } from 'node:path';
import { FrontdoorError } from '../../errors.js';
import { nginxErrorAt } from './lex-nginx.js';
import { hasGlobMagic } from './match-glob.js';
import type { NginxConfigSource } from './nginx-config-source.js';
import type { NginxConfigTree, NginxDirective } from './nginx-directive.js';
import { parseNginx } from './parse-nginx.js';

export interface LoadNginxOptions {
  /** where relative includes resolve; nginx uses the main file's directory (its conf prefix) */
  prefix?: string;
}

// nginx has no cycle check of its own (it fails on "too many open files"); a chain this deep is a cycle.
const MAX_INCLUDE_DEPTH = 64;

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

interface LoadState {
  source: NginxConfigSource;
  prefix: string;
  files: string[];
}

async function readConfigFile(state: LoadState, path: string, chain: string[], at?: NginxDirective) {
  let text: string;
  try {
    text = await state.source.readFile(path);
  } catch (error) {
    const message = `cannot read ${at === undefined ? 'configuration' : 'include'} ${path}: ${errorCode(error)}`;
    if (at === undefined) throw new FrontdoorError('FD_ERR_NGINX_CONFIG', message, { cause: error });
    const located = nginxErrorAt(at.file, at.line, at.column, message);
    throw new FrontdoorError('FD_ERR_NGINX_CONFIG', located.message, { cause: error });
  }
  if (!state.files.includes(path)) state.files.push(path);
  return expandIncludes(state, parseNginx(text, path), [...chain, path]);
}

async function resolveInclude(state: LoadState, directive: NginxDirective, chain: string[]) {
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
    included.push(...(await readConfigFile(state, file, chain, directive)));
  }
  return included;
}

async function expandIncludes(
  state: LoadState,
  directives: NginxDirective[],
  chain: string[],
): Promise<NginxDirective[]> {
  const out: NginxDirective[] = [];
  for (const directive of directives) {
    if (directive.name === 'include') {
      out.push(...(await resolveInclude(state, directive, chain)));
      continue;
    }
    if (directive.block !== undefined) {
      out.push({ ...directive, block: await expandIncludes(state, directive.block, chain) });
    } else {
      out.push(directive);
    }
  }
  return out;
}

/**
 * Reads the main file and every file it includes (globs sorted, relative paths against the prefix) into one
 * tree, the way nginx assembles its configuration. Any unreadable or malformed file throws
 * FD_ERR_NGINX_CONFIG naming the file, line and column.
 */
export async function loadNginxConfig(
  mainFile: string,
  source: NginxConfigSource,
  options: LoadNginxOptions = {},
): Promise<NginxConfigTree> {
  const main = normalize(mainFile);
  const state: LoadState = { source, prefix: options.prefix ?? dirname(main), files: [] };
  const directives = await readConfigFile(state, main, []);
  return { mainFile: main, files: state.files, directives };
}
