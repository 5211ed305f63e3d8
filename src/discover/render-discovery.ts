import type { DiscoveryWarning } from './audit-inventory.js';
import type { CoverageReport } from './compare-coverage.js';
import type { NginxDiscovery } from './discover-nginx.js';
import type { NginxServerBlock, NginxServerName, NginxUpstreamTarget } from './nginx/nginx-inventory.js';

function describeName(serverName: NginxServerName): string {
  return serverName.kind === 'exact' ? serverName.name : `${serverName.name} (${serverName.kind})`;
}

function describeTarget(target: NginxUpstreamTarget): string {
  const where = target.location === undefined ? '' : ` (location ${target.location})`;
  const via = target.upstream === undefined ? '' : ` upstream ${target.upstream}`;
  const reaches = target.dynamic
    ? 'decided per request'
    : target.endpoints.map((endpoint) => endpoint.endpoint).join(', ') || 'no servers';
  return `${target.directive} ${target.raw}${where} ->${via} ${reaches}`;
}

function describeServer(server: NginxServerBlock): string[] {
  const lines = [`${server.context === 'stream' ? 'stream server' : 'server'} ${server.file}:${server.line}`];
  const listens = server.listens.map((listen) => {
    const flags = [
      listen.ssl ? 'ssl' : '',
      listen.http2 ? 'http2' : '',
      listen.defaultServer ? 'default_server' : '',
      listen.ipv6only === undefined ? '' : `ipv6only=${listen.ipv6only ? 'on' : 'off'}`,
      listen.implicit ? '(implicit)' : '',
    ].filter((flag) => flag !== '');
    return [listen.socket, ...flags].join(' ');
  });
  lines.push(`  listen    ${listens.join(', ') || 'none'}`);
  if (server.serverNames.length > 0)
    lines.push(`  names     ${server.serverNames.map(describeName).join(', ')}`);
  if (server.root !== undefined) lines.push(`  root      ${server.root}`);
  for (const target of server.upstreams) lines.push(`  upstream  ${describeTarget(target)}`);
  for (const certificate of server.certificates) {
    const detail =
      certificate.info === undefined
        ? `unreadable: ${certificate.error ?? 'unknown'}`
        : `${certificate.info.names.join(', ')}; expires ${certificate.info.notAfter.slice(0, 10)}`;
    lines.push(`  cert      ${certificate.path}: ${detail}`);
  }
  return lines;
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
  if (warnings.length > 0) out.push(`warnings (${warnings.length}):`, ...warnings.map(describeWarning), '');
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
    `nginx configuration ${inventory.mainFile}: ${inventory.files.length} files, ${inventory.servers.length} server blocks`,
    '',
  ];
  for (const server of inventory.servers) out.push(...describeServer(server), '');
  return out.join('\n') + renderDiscoveryNotes(warnings, coverage);
}
