import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { lexNginx } from '../discover/nginx/lex-nginx.js';
import { hasGlobMagic } from '../discover/nginx/match-glob.js';
import { createDiskConfigSource, type NginxConfigSource } from '../discover/nginx/nginx-config-source.js';
import type { NginxDirective } from '../discover/nginx/nginx-directive.js';
import { parseNginx } from '../discover/nginx/parse-nginx.js';
import { FrontdoorError } from '../errors.js';

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
 * a broken file is exactly what drift has to show. Throws FD_ERR_NGINX_CONFIG only when the main file
 * cannot be read.
 */
export async function collectNginxTree(
  mainPath: string,
  source: NginxConfigSource = createDiskConfigSource(),
): Promise<ConfigTree> {
  const main = resolve(mainPath);
  const prefix = dirname(main);
  const tree: ConfigTree = { mainPath: main, files: [], unreadable: [], parseErrors: [] };
  const seen = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    if (seen.has(path)) return;
    seen.add(path);
    let content: string;
    try {
      content = await source.readFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      if (path === main) {
        throw new FrontdoorError('FD_ERR_NGINX_CONFIG', `cannot read nginx configuration ${path}: ${code}`, {
          cause: error,
        });
      }
      tree.unreadable.push(`${path}: ${code}`);
      return;
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
  try {
    const tokens = lexNginx(content, path);
    return tokens.flatMap((token, i) => {
      const argument = tokens[i + 1];
      const end = tokens[i + 2];
      const isInclude = token.kind === 'word' && !token.quoted && token.text === 'include';
      return isInclude && argument?.kind === 'word' && end?.kind === 'semicolon' ? [argument.text] : [];
    });
  } catch {
    return [];
  }
}

function includesIn(directives: readonly NginxDirective[]): string[] {
  return directives.flatMap((d) => [
    ...(d.name === 'include' && d.args[0] !== undefined ? [d.args[0]] : []),
    ...(d.block === undefined ? [] : includesIn(d.block)),
  ]);
}
