import { concreteHostname } from './nginx/classify-server-name.js';
import type {
  ConfigPlace,
  NginxCertificate,
  NginxInventory,
  NginxServerBlock,
} from './nginx/nginx-inventory.js';

export type DiscoveryWarningCode =
  | 'no_default_server'
  | 'certificate_mismatch'
  | 'certificate_expiring'
  | 'certificate_expired'
  | 'certificate_unreadable';

export interface DiscoveryWarning extends ConfigPlace {
  code: DiscoveryWarningCode;
  message: string;
}

/** Certificates expiring sooner than this are flagged (three weeks leaves time for a renewal to fail twice). */
export const EXPIRY_WARNING_DAYS = 21;
const DAY_MS = 86_400_000;

/** RFC 6125 matching: exact, or a leading "*." covering exactly one label. */
export function certificateNameCovers(certificateName: string, hostname: string): boolean {
  const name = certificateName.toLowerCase();
  const host = hostname.toLowerCase();
  if (!name.startsWith('*.')) return name === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === name.slice(1);
}

function warnDefaultServers(servers: NginxServerBlock[]): DiscoveryWarning[] {
  const bySocket = new Map<string, { servers: NginxServerBlock[]; hasDefault: boolean }>();
  for (const server of servers) {
    for (const listen of server.listens) {
      const key = `${server.context} ${listen.socket}`;
      const entry = bySocket.get(key) ?? { servers: [], hasDefault: false };
      if (!entry.servers.includes(server)) entry.servers.push(server);
      entry.hasDefault ||= listen.defaultServer;
      bySocket.set(key, entry);
    }
  }
  const warnings: DiscoveryWarning[] = [];
  for (const [key, entry] of bySocket) {
    const first = entry.servers[0];
    if (entry.hasDefault || entry.servers.length < 2 || first === undefined) continue;
    const socket = key.slice(key.indexOf(' ') + 1);
    warnings.push({
      code: 'no_default_server',
      file: first.file,
      line: first.line,
      message: `${socket} is shared by ${entry.servers.length} server blocks and none is default_server: unknown hostnames get the first one (${first.file}:${first.line})`,
    });
  }
  return warnings;
}

function warnCertificate(certificate: NginxCertificate, now: Date): DiscoveryWarning[] {
  const place = { file: certificate.file, line: certificate.line };
  if (certificate.info === undefined) {
    const reason = certificate.error ?? 'unreadable';
    return [
      { code: 'certificate_unreadable', ...place, message: `cannot inspect ${certificate.path}: ${reason}` },
    ];
  }
  const notAfter = Date.parse(certificate.info.notAfter);
  const daysLeft = Math.floor((notAfter - now.getTime()) / DAY_MS);
  if (notAfter <= now.getTime()) {
    return [
      {
        code: 'certificate_expired',
        ...place,
        message: `${certificate.path} expired on ${certificate.info.notAfter}`,
      },
    ];
  }
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    return [
      {
        code: 'certificate_expiring',
        ...place,
        message: `${certificate.path} expires in ${daysLeft} days (${certificate.info.notAfter})`,
      },
    ];
  }
  return [];
}

function warnUncoveredNames(server: NginxServerBlock): DiscoveryWarning[] {
  const readable = server.certificates.filter((certificate) => certificate.info !== undefined);
  if (readable.length === 0) return [];
  const warnings: DiscoveryWarning[] = [];
  for (const serverName of server.serverNames) {
    const hostname = concreteHostname(serverName);
    if (hostname === undefined) continue;
    const covered = readable.some((certificate) =>
      certificate.info?.names.some((name) => certificateNameCovers(name, hostname)),
    );
    if (covered) continue;
    const presented = readable.map((certificate) => certificate.path).join(', ');
    warnings.push({
      code: 'certificate_mismatch',
      file: server.file,
      line: server.line,
      message: `${hostname} is served with TLS but its certificate (${presented}) does not cover it`,
    });
  }
  return warnings;
}

/**
 * Problems visible from the configuration alone: shared sockets without a default_server, TLS hostnames
 * their certificate does not cover, and certificates expired or expiring within EXPIRY_WARNING_DAYS of `now`.
 */
export function auditInventory(inventory: NginxInventory, now: Date): DiscoveryWarning[] {
  const warnings = warnDefaultServers(inventory.servers);
  const seen = new Set<string>();
  for (const server of inventory.servers) {
    if (!server.listens.some((listen) => listen.ssl)) continue;
    warnings.push(...warnUncoveredNames(server));
    for (const certificate of server.certificates) {
      // An http-level certificate is inherited by many servers; report it once.
      if (seen.has(certificate.path)) continue;
      seen.add(certificate.path);
      warnings.push(...warnCertificate(certificate, now));
    }
  }
  return warnings;
}
