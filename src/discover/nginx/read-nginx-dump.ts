import { FrontdoorError } from '../../errors.js';
import { tokenizeNginx } from './lex-nginx.js';
import { matchGlobPath } from './match-glob.js';
import type { NginxConfigSource } from './nginx-config-source.js';

/** The files captured by `nginx -T`, in dump order; the first one is the main configuration file. */
export interface NginxDump {
  mainFile: string;
  files: Map<string, string>;
}

const HEADER = /^# configuration file (.+):$/;

function cutShort(source: string, why: string): FrontdoorError {
  return new FrontdoorError(
    'FD_ERR_NGINX_CONFIG',
    `${source}: the nginx -T dump is cut short: ${why}; capture the whole output of nginx -T`,
  );
}

/**
 * Where a file stops mid-structure: inside a block or a directive that nginx -T could not have dumped
 * (it dumps only a configuration that passed its test). Undefined when the file ends cleanly, or when it
 * has another error, which the parser reports in its own words.
 */
function findUnfinishedEnd(text: string, file: string): string | undefined {
  const open: { name: string; line: number }[] = [];
  let statement: { name: string; line: number } | undefined;
  try {
    for (const token of tokenizeNginx(text, file)) {
      if (token.kind === 'word') {
        statement ??= { name: token.text, line: token.line };
      } else if (token.kind === 'block-start') {
        open.push(statement ?? { name: '', line: token.line });
        statement = undefined;
      } else if (token.kind === 'semicolon') {
        statement = undefined;
      } else {
        if (statement !== undefined || open.pop() === undefined) return undefined;
      }
    }
  } catch {
    return undefined;
  }
  if (statement !== undefined) return `ends inside directive "${statement.name}" (line ${statement.line})`;
  const inner = open.at(-1);
  return inner === undefined ? undefined : `ends inside block "${inner.name}" (line ${inner.line})`;
}

/**
 * Splits `nginx -T` output into its files. Lines before the first "# configuration file PATH:" header
 * (nginx's own "syntax is ok" chatter when stderr was captured too) are ignored. A dump cut short (a
 * capture limit, `head`) is refused rather than read as a smaller configuration: nginx ends every file with
 * a line break of its own and dumps only configurations that parse, so a dump that ends without that line
 * break, or whose last file stops inside a block or directive, is incomplete.
 * @example parseNginxDump('# configuration file /etc/nginx/nginx.conf:\nevents {}\n\n', 'dump.txt')
 */
export function parseNginxDump(text: string, source: string): NginxDump {
  const files = new Map<string, string[]>();
  let current: string[] | undefined;
  let mainFile: string | undefined;
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header !== null) {
      const path = header[1] as string;
      mainFile ??= path;
      current = [];
      files.set(path, current);
      continue;
    }
    current?.push(line);
  }
  if (mainFile === undefined) {
    throw new FrontdoorError(
      'FD_ERR_NGINX_CONFIG',
      `${source}: not an nginx -T dump: no "# configuration file PATH:" header`,
    );
  }
  // nginx -T writes each file followed by one newline of its own: before the next header that newline is
  // the line break split() already consumed, at the end of the dump it is one line too many.
  const contents = new Map<string, string>();
  const last = [...files.keys()].at(-1) as string;
  for (const [path, lines] of files) {
    const text = lines.join('\n');
    contents.set(path, path === last ? text.replace(/\n$/, '') : text);
  }
  if (!text.endsWith('\n')) {
    throw cutShort(source, `it ends in ${last} without the line break nginx writes after every file`);
  }
  const unfinished = findUnfinishedEnd(contents.get(last) ?? '', last);
  if (unfinished !== undefined) throw cutShort(source, `its last file ${last} ${unfinished}`);
  return { mainFile, files: contents };
}

/**
 * Serves includes from the dumped files; a file nginx did not dump reads as ENOENT, like a missing file.
 * One asked for after the dump's last file was read is what a dump cut at a file boundary looks like: nginx
 * dumps files in the order it reads them, so that file would have come next.
 */
export function createDumpConfigSource(dump: NginxDump, label: string): NginxConfigSource {
  const last = [...dump.files.keys()].at(-1);
  let lastRead = false;
  return {
    label,
    readFile: async (path) => {
      const text = dump.files.get(path);
      if (text === undefined) {
        if (lastRead) {
          throw cutShort(label, `${path} is included after its last file ${last ?? ''} but is not in it`);
        }
        throw Object.assign(new Error(`${path} is not in ${label}`), { code: 'ENOENT (not in the dump)' });
      }
      if (path === last) lastRead = true;
      return text;
    },
    expandGlob: async (pattern) =>
      [...dump.files.keys()].filter((path) => matchGlobPath(pattern, path)).sort(),
  };
}
