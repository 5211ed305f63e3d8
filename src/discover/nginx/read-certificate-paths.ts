import { isAbsolute, join } from 'node:path';
import { concreteHostname } from './classify-server-name.js';
import type { NginxDirective } from './nginx-directive.js';
import type { NginxCertificate, NginxServerName } from './nginx-inventory.js';
import { childrenNamed, singleArgument } from './single-argument.js';

/** A path as nginx resolves it: absolute or variable paths as written, relative ones against `base` if known. */
export function resolveAgainst(base: string | undefined, path: string): string {
  if (base === undefined || isAbsolute(path) || path.includes('$')) return path;
  return join(base, path);
}

const SERVER_NAME_VARIABLE = /\$(?:\{ssl_server_name\}|ssl_server_name(?![A-Za-z0-9_]))/g;

/**
 * The certificate files a block presents: its own `ssl_certificate`s, else the http block's (given as its
 * `ssl_certificate` directives). Relative paths
 * resolve against nginx's conf prefix (the main file's directory), as nginx 1.22 loads them. A path built
 * from `$ssl_server_name` (nginx picks the file per handshake) is expanded once per exact name of the
 * block, so each file is checked for the one name it serves; a path with other variables cannot be
 * known and is marked dynamic.
 */
export function readCertificatePaths(
  body: NginxDirective[],
  httpCertificates: NginxDirective[],
  serverNames: NginxServerName[],
  confPrefix: string,
): NginxCertificate[] {
  const own = childrenNamed(body, 'ssl_certificate');
  const directives = own.length > 0 ? own : httpCertificates;
  const exactNames = [
    ...new Set(
      serverNames
        .filter((name) => name.suspicious === undefined)
        .map(concreteHostname)
        .filter((name): name is string => name !== undefined),
    ),
  ];
  return directives.flatMap((directive): NginxCertificate[] => {
    const place = { file: directive.file, line: directive.line };
    const written = singleArgument(directive);
    if (!written.includes('$')) return [{ path: resolveAgainst(confPrefix, written), ...place }];
    const expandable = written.replace(SERVER_NAME_VARIABLE, '').includes('$') === false;
    if (!expandable) return [{ path: written, dynamic: true, ...place }];
    return exactNames.map((name) => ({
      path: resolveAgainst(confPrefix, written.replace(SERVER_NAME_VARIABLE, name)),
      serverName: name,
      ...place,
    }));
  });
}
