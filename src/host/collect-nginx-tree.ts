import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { type NginxToken, tokenizeNginx } from '../discover/nginx/lex-nginx.js';
import { hasGlobMagic } from '../discover/nginx/match-glob.js';
import { createDiskConfigSource, type NginxConfigSource } from '../discover/nginx/nginx-config-source.js';
import type { NginxDirective } from '../discover/nginx/nginx-directive.js';
import { formatCount, NGINX_LIMITS, type NginxLimits } from '../discover/nginx/nginx-limits.js';
import { parseNginx } from '../discover/nginx/parse-nginx.js';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure } from '../fs/read-bounded-file.js';
import { formatByteLimit } from '../fs/read-limits.js';

export interface ConfigFile {
  path: string;
  content: string;
}

/** The proxy's whole resolved configuration: the main file and every file it includes, in read order. */
export interface ConfigTree {
  mainPath: string;
  files: ConfigFile[];
  /** includes naming a file that could not be read (a glob matching nothing is fine, as in nginx) */
  unreadable: string[];
  /** files that do not parse ("file:line:column: message"); their includes are still followed where found */
  parseErrors: string[];
}

/**
 * Follows `include` directives from `mainPath` with discover's nginx lexer, parser and glob expansion
 * (relative includes against the main file's directory, nginx's conf prefix under -c). Unlike
 * discover's loadNginxConfig it keeps going past a file that does not parse or an unreadable include:
 * a broken file is exactly what drift has to show. Each file is read once and within its limit (a FIFO or
 * an oversized file is listed as unreadable); throws FD_ERR_NGINX_CONFIG when the main file cannot be read
 * or the tree passes NGINX_LIMITS' file count or total size.
 */
export async function collectNginxTree(
  mainPath: string,
  source: NginxConfigSource = createDiskConfigSource(),
  limits: NginxLimits = NGINX_LIMITS,
): Promise<ConfigTree> {
  const main = resolve(mainPath);
  const prefix = dirname(main);
  const tree: ConfigTree = { mainPath: main, files: [], unreadable: [], parseErrors: [] };
  const seen = new Set<string>();
  let bytes = 0;
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    if (seen.size > limits.maxFileReads) {
      throw new FrontdoorError(
        'FD_ERR_NGINX_CONFIG',
        `${main} includes more than ${formatCount(limits.maxFileReads)} files, the limit drift detection reads`,
      );
    }
    let content: string;
    try {
      content = await source.readFile(path);
    } catch (error) {
      const reason = describeReadFailure(error);
      if (path === main) {
        throw new FrontdoorError(
          'FD_ERR_NGINX_CONFIG',
          `cannot read nginx configuration ${path}: ${reason}`,
          {
            cause: error,
          },
        );
      }
      tree.unreadable.push(`${path}: ${reason}`);
      return;
    }
    bytes += content.length;
    if (bytes > limits.maxTotalBytes) {
      throw new FrontdoorError(
        'FD_ERR_NGINX_CONFIG',
        `${main}: ${path} takes the tree past ${formatByteLimit(limits.maxTotalBytes)} over all its files, the limit drift detection reads`,
      );
    }
    tree.files.push({ path, content });
    for (const include of findIncludes(content, path, tree.parseErrors)) {
      const absolute = normalize(isAbsolute(include) ? include : join(prefix, include));
      const matches = hasGlobMagic(absolute) ? await source.expandGlob(absolute) : [absolute];
      for (const match of matches) await visit(match);
    }
  };
  await visit(main);
  return tree;
}

/** Include targets of one file: from the parse, else from the raw tokens when only the structure is broken. */
function findIncludes(content: string, path: string, parseErrors: string[]): string[] {
  try {
    return includesIn(parseNginx(content, path));
  } catch (error) {
    parseErrors.push(error instanceof Error ? error.message : String(error));
  }
  // Streamed three tokens at a time: a huge broken file must not become one huge token array.
  const found: string[] = [];
  let window: NginxToken[] = [];
  try {
    for (const token of tokenizeNginx(content, path)) {
      window = [...window.slice(-2), token];
      const [directive, argument, end] = window;
      const isInclude = directive?.kind === 'word' && !directive.quoted && directive.text === 'include';
      if (isInclude && argument?.kind === 'word' && end?.kind === 'semicolon') found.push(argument.text);
    }
  } catch {
    // Includes before the lexer's error still count.
  }
  return found;
}

function includesIn(directives: readonly NginxDirective[]): string[] {
  return directives.flatMap((d) => [
    ...(d.name === 'include' && d.args[0] !== undefined ? [d.args[0]] : []),
    ...(d.block === undefined ? [] : includesIn(d.block)),
  ]);
}
