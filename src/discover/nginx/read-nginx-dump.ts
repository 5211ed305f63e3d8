import { FrontdoorError } from '../../errors.js';
import { matchGlobPath } from './match-glob.js';
import type { NginxConfigSource } from './nginx-config-source.js';

/** The files captured by `nginx -T`, in dump order; the first one is the main configuration file. */
export interface NginxDump {
  mainFile: string;
  files: Map<string, string>;
}

const HEADER = /^# configuration file (.+):$/;

/**
 * Splits `nginx -T` output into its files. Lines before the first "# configuration file PATH:" header
 * (nginx's own "syntax is ok" chatter when stderr was captured too) are ignored.
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
  const last = [...files.keys()].at(-1);
  for (const [path, lines] of files) {
    const text = lines.join('\n');
    contents.set(path, path === last ? text.replace(/\n$/, '') : text);
  }
  return { mainFile, files: contents };
}

/** Serves includes from the dumped files; a file nginx did not dump reads as ENOENT, like a missing file. */
export function createDumpConfigSource(dump: NginxDump, label: string): NginxConfigSource {
  return {
    label,
    readFile: async (path) => {
      const text = dump.files.get(path);
      if (text === undefined) {
        throw Object.assign(new Error(`${path} is not in ${label}`), { code: 'ENOENT (not in the dump)' });
      }
      return text;
    },
    expandGlob: async (pattern) =>
      [...dump.files.keys()].filter((path) => matchGlobPath(pattern, path)).sort(),
  };
}
