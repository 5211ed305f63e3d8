import { dirname } from 'node:path';
import { collectPasses } from './collect-passes.js';
import { nginxErrorAt } from './lex-nginx.js';
import type { NginxConfigTree, NginxDirective } from './nginx-directive.js';
import type {
  NginxInventory,
  NginxServerBlock,
  NginxUpstreamBlock,
  NginxUpstreamTarget,
  UpstreamEndpoint,
} from './nginx-inventory.js';
import { expandListenHost, implicitListen, parseListen } from './parse-listen.js';
import { parseUpstreamAddress } from './parse-upstream-address.js';
import { readCertificatePaths, resolveAgainst } from './read-certificate-paths.js';
import { readHealthPaths } from './read-health-paths.js';
import { readServerNames } from './read-server-names.js';
import { resolveSockets, type WrittenServer } from './resolve-sockets.js';
import { childrenNamed, readFlag, singleArgument } from './single-argument.js';

type Context = 'http' | 'stream';

export interface ExtractOptions {
  /** nginx's prefix (-p): where relative roots resolve; unknown leaves them as written */
  prefix?: { path: string; from: string };
  /** nginx's conf prefix: the main file's directory, where relative certificate paths resolve */
  confPrefix?: string;
  /** the addresses each hostname written in a listen resolves to (resolveListenHosts); others stay as written */
  listenHosts?: ReadonlyMap<string, readonly string[]>;
}

function readUpstreamBlock(directive: NginxDirective, context: Context): NginxUpstreamBlock {
  const endpoints: UpstreamEndpoint[] = [];
  for (const server of childrenNamed(directive.block ?? [], 'server')) {
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

/**
 * What a server block inherits from its `http` block: nginx merges these down unless the block sets them.
 * Read once per http block: a tree of many thousand blocks must not rescan http for each.
 */
interface HttpLevel {
  root: string | undefined;
  flags: Map<string, NginxDirective | null | undefined>;
  certificates: NginxDirective[];
}

const INHERITED_FLAGS = ['ssl', 'http2', 'ssl_reject_handshake'];

/** A server-level `return 444` closes the connection for every request: the block is a catch-all. */
function refusesEveryRequest(body: NginxDirective[]): boolean {
  return childrenNamed(body, 'return').some((directive) => directive.args[0] === '444');
}

function readServerBlock(
  directive: NginxDirective,
  context: Context,
  upstreams: NginxUpstreamBlock[],
  http: HttpLevel,
  options: ExtractOptions,
): WrittenServer {
  const body = directive.block ?? [];
  const place = { file: directive.file, line: directive.line };
  const listens = childrenNamed(body, 'listen').flatMap((listenDirective) => {
    const listen = parseListen(listenDirective);
    const resolved = listen.address === undefined ? undefined : options.listenHosts?.get(listen.address);
    return resolved === undefined ? [listen] : expandListenHost(listen, resolved);
  });
  const rootDirective = childrenNamed(body, 'root')[0];
  const root =
    rootDirective === undefined
      ? http.root
      : resolveAgainst(options.prefix?.path, singleArgument(rootDirective));
  const upstreamTargets: NginxUpstreamTarget[] = [];
  collectPasses(body, upstreams, undefined, upstreamTargets);
  const serverNames = context === 'http' ? readServerNames(body) : [];
  // A block's own setting wins over http's, "off" included (readFlag gives null for off).
  const flag = (name: string) => {
    const own = readFlag(body, name);
    return own === undefined ? (http.flags.get(name) ?? undefined) : (own ?? undefined);
  };
  const sslOn = context === 'http' ? flag('ssl') : undefined;
  const rejects = context === 'http' && flag('ssl_reject_handshake') !== undefined;
  const refuses = rejects ? 'ssl_reject_handshake' : refusesEveryRequest(body) ? 'return 444' : undefined;
  const block: NginxServerBlock = {
    ...place,
    context,
    listens: listens.length > 0 || context === 'stream' ? listens : [implicitListen(place)],
    serverNames,
    ...(root === undefined ? {} : { root }),
    upstreams: upstreamTargets,
    certificates: readCertificatePaths(body, http.certificates, serverNames, options.confPrefix ?? '/'),
    ...(refuses === undefined ? {} : { refuses }),
    healthPaths: context === 'http' ? readHealthPaths(body) : [],
  };
  return {
    block,
    ...(sslOn === undefined ? {} : { sslOn: { file: sslOn.file, line: sslOn.line } }),
    http2On: context === 'http' && flag('http2') !== undefined,
  };
}

/**
 * Turns a configuration tree into its entrances: every server block of `http` and `stream` with its
 * listens (resolved per address:port the way nginx resolves them), names, root, the upstreams it reaches
 * (named blocks resolved to their servers) and, for blocks served over TLS, the certificate files it
 * presents (own, or inherited from `http`). Pure: certificates are read later.
 */
export function extractInventory(tree: NginxConfigTree, options: ExtractOptions = {}): NginxInventory {
  const settings = { confPrefix: options.confPrefix ?? dirname(tree.mainFile), ...options };
  const written: WrittenServer[] = [];
  const upstreams: NginxUpstreamBlock[] = [];
  for (const context of ['http', 'stream'] as const) {
    for (const block of childrenNamed(tree.directives, context)) {
      const body = block.block ?? [];
      const local = childrenNamed(body, 'upstream').map((upstream) => readUpstreamBlock(upstream, context));
      for (const upstream of local) upstreams.push(upstream);
      const rootDirective = context === 'http' ? childrenNamed(body, 'root')[0] : undefined;
      const levelBody = context === 'http' ? body : [];
      const http: HttpLevel = {
        flags: new Map(INHERITED_FLAGS.map((name) => [name, readFlag(levelBody, name)])),
        certificates: childrenNamed(levelBody, 'ssl_certificate'),
        root:
          rootDirective === undefined
            ? undefined
            : resolveAgainst(settings.prefix?.path, singleArgument(rootDirective)),
      };
      for (const server of childrenNamed(body, 'server')) {
        written.push(readServerBlock(server, context, local, http, settings));
      }
    }
  }
  const { sockets, servers } = resolveSockets(written);
  // A certificate only matters where the block is served over TLS: an http-level one is not a plain
  // HTTP block's.
  const presented = servers.map((server) =>
    server.listens.some((listen) => listen.ssl) ? server : { ...server, certificates: [] },
  );
  return {
    mainFile: tree.mainFile,
    files: tree.files,
    ...(settings.prefix === undefined ? {} : { prefix: settings.prefix }),
    servers: presented,
    sockets,
    upstreams,
  };
}
