import { dirname, isAbsolute, join } from 'node:path';
import { classifyServerName } from './classify-server-name.js';
import { nginxErrorAt } from './lex-nginx.js';
import type { NginxConfigTree, NginxDirective } from './nginx-directive.js';
import type {
  NginxCertificate,
  NginxInventory,
  NginxServerBlock,
  NginxUpstreamBlock,
  NginxUpstreamTarget,
  PassDirective,
  UpstreamEndpoint,
} from './nginx-inventory.js';
import { implicitListen, parseListen } from './parse-listen.js';
import { parseUpstreamAddress } from './parse-upstream-address.js';

type Context = 'http' | 'stream';

const PASS_DIRECTIVES: readonly PassDirective[] = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'grpc_pass'];

/** A directive that takes exactly one argument; more usually means the ";" after it went missing. */
function singleArgument(directive: NginxDirective): string {
  const [value, extra] = directive.args;
  if (value === undefined || extra !== undefined) {
    const hint = extra === undefined ? '' : ` (got "${extra}" too: a missing ";"?)`;
    throw nginxErrorAt(
      directive.file,
      directive.line,
      directive.column,
      `"${directive.name}" takes one argument${hint}`,
    );
  }
  return value;
}

function children(directives: NginxDirective[], name: string): NginxDirective[] {
  return directives.filter((directive) => directive.name === name);
}

function readUpstreamBlock(directive: NginxDirective, context: Context): NginxUpstreamBlock {
  const endpoints: UpstreamEndpoint[] = [];
  for (const server of children(directive.block ?? [], 'server')) {
    const address = server.args[0];
    const parsed = address === undefined ? undefined : parseUpstreamAddress(address, 80);
    if (parsed === undefined) {
      throw nginxErrorAt(
        server.file,
        server.line,
        server.column,
        `invalid upstream server "${address ?? ''}"`,
      );
    }
    endpoints.push(parsed.endpoint);
  }
  return { name: directive.args[0] ?? '', context, file: directive.file, line: directive.line, endpoints };
}

function collectPasses(
  directives: NginxDirective[],
  upstreams: NginxUpstreamBlock[],
  location: string | undefined,
  out: NginxUpstreamTarget[],
): void {
  for (const directive of directives) {
    const pass = PASS_DIRECTIVES.find((name) => name === directive.name);
    if (pass !== undefined) {
      const raw = singleArgument(directive);
      const parsed = parseUpstreamAddress(raw, 80);
      const named = upstreams.find((block) => parsed?.name !== undefined && block.name === parsed.name);
      out.push({
        directive: pass,
        raw,
        file: directive.file,
        line: directive.line,
        ...(location === undefined ? {} : { location }),
        ...(named === undefined ? {} : { upstream: named.name }),
        endpoints: named?.endpoints ?? (parsed === undefined ? [] : [parsed.endpoint]),
        dynamic: parsed === undefined,
      });
    }
    if (directive.block !== undefined) {
      const inner = directive.name === 'location' ? directive.args.join(' ') : location;
      collectPasses(directive.block, upstreams, inner, out);
    }
  }
}

function resolvePath(prefix: string, path: string): string {
  return isAbsolute(path) || path.includes('$') ? path : join(prefix, path);
}

function certificatesOf(directives: NginxDirective[], prefix: string): NginxCertificate[] {
  return children(directives, 'ssl_certificate').map((directive) => ({
    path: resolvePath(prefix, singleArgument(directive)),
    file: directive.file,
    line: directive.line,
  }));
}

function readServerBlock(
  directive: NginxDirective,
  context: Context,
  upstreams: NginxUpstreamBlock[],
  inherited: NginxCertificate[],
  prefix: string,
): NginxServerBlock {
  const body = directive.block ?? [];
  const place = { file: directive.file, line: directive.line };
  const listens = children(body, 'listen').map(parseListen);
  // `ssl on;` (removed in nginx 1.25) turned every listen of the server into a TLS one.
  const legacySsl = children(body, 'ssl').some((ssl) => ssl.args[0] === 'on');
  const rootDirective = children(body, 'root')[0];
  const upstreamTargets: NginxUpstreamTarget[] = [];
  collectPasses(body, upstreams, undefined, upstreamTargets);
  const own = certificatesOf(body, prefix);
  return {
    ...place,
    context,
    listens: (listens.length > 0 || context === 'stream' ? listens : [implicitListen(place)]).map((listen) =>
      legacySsl ? { ...listen, ssl: true } : listen,
    ),
    serverNames: children(body, 'server_name').flatMap((names) => names.args.map(classifyServerName)),
    ...(rootDirective === undefined ? {} : { root: resolvePath(prefix, singleArgument(rootDirective)) }),
    upstreams: upstreamTargets,
    certificates: own.length > 0 ? own : inherited,
  };
}

/**
 * Turns a configuration tree into its entrances: every server block of `http` and `stream` with its
 * listens, names, root, the upstreams it reaches (named blocks resolved to their servers) and the
 * certificate files it presents (own, or inherited from `http`). Pure: certificates are read later.
 */
export function extractInventory(tree: NginxConfigTree): NginxInventory {
  const prefix = dirname(tree.mainFile);
  const servers: NginxServerBlock[] = [];
  const upstreams: NginxUpstreamBlock[] = [];
  for (const context of ['http', 'stream'] as const) {
    for (const block of children(tree.directives, context)) {
      const body = block.block ?? [];
      const local = children(body, 'upstream').map((upstream) => readUpstreamBlock(upstream, context));
      upstreams.push(...local);
      const inherited = context === 'http' ? certificatesOf(body, prefix) : [];
      for (const server of children(body, 'server')) {
        servers.push(readServerBlock(server, context, local, inherited, prefix));
      }
    }
  }
  return { mainFile: tree.mainFile, files: tree.files, servers, upstreams };
}
