import type { DiscoveryWarning } from './discovery-warning.js';
import { concreteHostname } from './nginx/classify-server-name.js';
import type { NginxCertificate, NginxServerBlock } from './nginx/nginx-inventory.js';

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

function warnCertificate(certificate: NginxCertificate, now: Date): DiscoveryWarning[] {
  const place = { file: certificate.file, line: certificate.line };
  // A file picked per handshake from variables cannot be named, so there is nothing to check or warn.
  if (certificate.dynamic === true) return [];
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

// A certificate expanded from $ssl_server_name serves its one name; any other serves them all.
function servesName(certificate: NginxCertificate, hostname: string): boolean {
  return certificate.serverName === undefined || certificate.serverName === hostname;
}

function warnUncoveredNames(server: NginxServerBlock): DiscoveryWarning[] {
  const warnings: DiscoveryWarning[] = [];
  for (const serverName of server.serverNames) {
    const hostname = concreteHostname(serverName);
    if (hostname === undefined || serverName.suspicious !== undefined) continue;
    const readable = server.certificates.filter(
      (certificate) => certificate.info !== undefined && servesName(certificate, hostname),
    );
    if (readable.length === 0) continue;
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
 * Certificate problems of the blocks served over TLS: names their certificate does not cover, and files
 * expired, expiring within EXPIRY_WARNING_DAYS of `now`, or unreadable (each file once).
 */
export function auditCertificates(servers: NginxServerBlock[], now: Date): DiscoveryWarning[] {
  const warnings: DiscoveryWarning[] = [];
  const seen = new Set<string>();
  for (const server of servers) {
    if (!server.listens.some((listen) => listen.ssl)) continue;
    // A block that rejects every handshake presents no certificate to check.
    if (server.refuses === 'ssl_reject_handshake') continue;
    // A loop, not push(...list): one block may name more hostnames than spread arguments fit on the stack.
    for (const warning of warnUncoveredNames(server)) warnings.push(warning);
    for (const certificate of server.certificates) {
      // An http-level certificate is inherited by many servers; report it once.
      if (seen.has(certificate.path)) continue;
      seen.add(certificate.path);
      warnings.push(...warnCertificate(certificate, now));
    }
  }
  return warnings;
}
