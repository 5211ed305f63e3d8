import type { DiscoveryWarning } from './audit-inventory.js';
import type { CoverageReport } from './compare-coverage.js';
import type { NginxDiscovery } from './discover-nginx.js';
import type {
  NginxInventory,
  NginxListen,
  NginxServerBlock,
  NginxServerName,
  NginxSocket,
  NginxUpstreamTarget,
} from './nginx/nginx-inventory.js';

function describeName(serverName: NginxServerName): string {
  const kind = serverName.suspicious === undefined ? serverName.kind : `${serverName.kind}, suspicious`;
  return serverName.kind === 'exact' && serverName.suspicious === undefined
    ? serverName.name
    : `${serverName.name} (${kind})`;
}

function describeTarget(target: NginxUpstreamTarget): string {
  const where = target.location === undefined ? '' : ` (location ${target.location})`;
  const via = target.upstream === undefined ? '' : ` upstream ${target.upstream}`;
  const reaches = target.dynamic
    ? 'decided per request'
    : target.endpoints.map((endpoint) => endpoint.endpoint).join(', ') || 'no servers';
  return `${target.directive} ${target.raw}${where} ->${via} ${reaches}`;
}

/** The flags nginx applies to this block on this socket, saying where a shared one came from. */
function describeListen(listen: NginxListen, socket: NginxSocket | undefined): string {
  const sharedSsl =
    listen.ssl && !listen.params.includes('ssl') && socket?.sslFrom !== undefined
      ? `ssl (from ${socket.sslFrom.file}:${socket.sslFrom.line})`
      : 'ssl';
  const shared = (socket?.servers.length ?? 0) > 1;
  const defaultFlag = !listen.defaultServer
    ? ''
    : socket?.defaultExplicit === true
      ? 'default_server'
      : shared
        ? 'default (first block)'
        : '';
  const flags = [
    listen.transport === 'udp' ? listen.params.filter((param) => param === 'quic' || param === 'udp') : [],
    // A quic listen is TLS by nature; "quic" already says so.
    listen.ssl && listen.transport === 'tcp' ? [sharedSsl] : [],
    listen.http2 ? ['http2'] : [],
    listen.proxyProtocol ? ['proxy_protocol'] : [],
    defaultFlag === '' ? [] : [defaultFlag],
    listen.ipv6only === false ? ['ipv6only=off'] : [],
    listen.implicit ? ['(implicit)'] : [],
  ].flat();
  const written = listen.host === undefined ? listen.socket : `${listen.socket} (${listen.host})`;
  return [written, ...flags].join(' ');
}

function describeServer(server: NginxServerBlock, sockets: Map<string, NginxSocket>): string[] {
  const lines = [`${server.context === 'stream' ? 'stream server' : 'server'} ${server.file}:${server.line}`];
  const listens = server.listens.map((listen) =>
    describeListen(listen, sockets.get(`${server.context} ${listen.transport} ${listen.socket}`)),
  );
  lines.push(`  listen    ${listens.join(', ') || 'none'}`);
  if (server.serverNames.length > 0)
    lines.push(`  names     ${server.serverNames.map(describeName).join(', ')}`);
  if (server.refuses !== undefined) {
    const how =
      server.refuses === 'return 444'
        ? 'closes every connection (return 444)'
        : 'rejects every TLS handshake (ssl_reject_handshake on)';
    lines.push(`  catch-all ${how}`);
  }
  if (server.root !== undefined) lines.push(`  root      ${server.root}`);
  for (const target of server.upstreams) lines.push(`  upstream  ${describeTarget(target)}`);
  for (const certificate of server.certificates) {
    const detail =
      certificate.info === undefined
        ? `${certificate.dynamic === true ? 'not checked' : 'unreadable'}: ${certificate.error ?? 'unknown'}`
        : `${certificate.info.names.join(', ')}; expires ${certificate.info.notAfter.slice(0, 10)}`;
    const name = certificate.serverName === undefined ? '' : ` (for ${certificate.serverName})`;
    lines.push(`  cert      ${certificate.path}${name}: ${detail}`);
  }
  return lines;
}

function describePrefix(inventory: NginxInventory): string {
  if (inventory.prefix === undefined)
    return 'prefix unknown (relative roots shown as written; give --prefix)';
  return `prefix ${inventory.prefix.path} (${inventory.prefix.from})`;
}

function describeWarning(warning: DiscoveryWarning): string {
  return `  ${warning.code}: ${warning.message}`;
}

/** Warnings, then the coverage comparison when there is one; empty when there is nothing to say. */
export function renderDiscoveryNotes(
  warnings: DiscoveryWarning[],
  coverage?: { against: string; report: CoverageReport },
): string {
  const out: string[] = [];
  // Loops, not push(...list), here and below: a tree within the discovery limits can hold more server blocks
  // and warnings than spread arguments fit on the stack (~120,000).
  if (warnings.length > 0) {
    out.push(`warnings (${warnings.length}):`);
    for (const warning of warnings) out.push(describeWarning(warning));
    out.push('');
  }
  if (coverage !== undefined) {
    const { unchecked, unserved } = coverage.report;
    out.push(`coverage against ${coverage.against}:`);
    if (unchecked.length === 0 && unserved.length === 0) out.push('  every hostname nginx serves is checked');
    for (const name of unchecked) {
      out.push(`  served but never checked: ${describeName(name)} (${name.file}:${name.line})`);
    }
    for (const hostname of unserved) out.push(`  checked but not served by nginx: ${hostname}`);
    out.push('');
  }
  return out.join('\n');
}

/** The human summary: every server block with its entrances, then warnings, then coverage when compared. */
export function renderDiscovery(
  discovery: NginxDiscovery,
  coverage?: { against: string; report: CoverageReport },
): string {
  const { inventory, warnings } = discovery;
  const out = [
    `nginx configuration ${inventory.mainFile}: ${inventory.files.length} files, ${inventory.servers.length} server blocks; ${describePrefix(inventory)}`,
    '',
  ];
  const sockets = new Map(
    inventory.sockets.map((socket) => [`${socket.context} ${socket.transport} ${socket.socket}`, socket]),
  );
  for (const server of inventory.servers) {
    for (const line of describeServer(server, sockets)) out.push(line);
    out.push('');
  }
  return out.join('\n') + renderDiscoveryNotes(warnings, coverage);
}
