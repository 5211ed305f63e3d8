import { auditCertificates } from './audit-certificates.js';
import { auditSockets } from './audit-sockets.js';
import type { DiscoveryWarning } from './discovery-warning.js';
import type { NginxInventory } from './nginx/nginx-inventory.js';

export { certificateNameCovers, EXPIRY_WARNING_DAYS } from './audit-certificates.js';
export type { DiscoveryWarning, DiscoveryWarningCode } from './discovery-warning.js';

function warnSuspiciousNames(inventory: NginxInventory): DiscoveryWarning[] {
  const warnings: DiscoveryWarning[] = [];
  for (const server of inventory.servers) {
    const reasons = new Set(server.serverNames.flatMap((name) => name.suspicious ?? []));
    for (const message of reasons) {
      warnings.push({ code: 'suspicious_server_name', file: server.file, line: server.line, message });
    }
  }
  return warnings;
}

/**
 * Problems visible from the configuration alone: what shared sockets do that the operator may not mean
 * (auditSockets), server names that swallowed the next directive, TLS hostnames their certificate does not
 * cover, and certificates expired or expiring within EXPIRY_WARNING_DAYS of `now`.
 */
export function auditInventory(inventory: NginxInventory, now: Date): DiscoveryWarning[] {
  return [
    ...auditSockets(inventory),
    ...warnSuspiciousNames(inventory),
    ...auditCertificates(inventory.servers, now),
  ];
}
