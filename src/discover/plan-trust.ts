import type { DraftComment } from './draft-comment.js';
import { concreteHostname } from './nginx/classify-server-name.js';
import type { NginxServerBlock } from './nginx/nginx-inventory.js';

/**
 * The CA files a draft must trust for its TLS sites to pass: a self-signed certificate, or a file that
 * carries its own root, is its own trust anchor, so the file goes under `ca:`; a certificate from an
 * issuer that is neither public nor in the file gets a comment naming the issuer, since only the
 * operator knows where that CA's file is.
 */
export function planTrust(servers: NginxServerBlock[]): { ca: string[]; comments: DraftComment[] } {
  const ca: string[] = [];
  const comments: DraftComment[] = [];
  const reasons: string[] = [];
  for (const server of servers) {
    const primary = server.serverNames.map(concreteHostname).find((name) => name !== undefined);
    for (const certificate of server.certificates) {
      const info = certificate.info;
      if (info === undefined) continue;
      if (info.trust === 'self-signed' || info.trust === 'root-in-file') {
        if (ca.includes(certificate.path)) continue;
        ca.push(certificate.path);
        const how = info.trust === 'self-signed' ? 'is self-signed' : 'carries its own root CA';
        reasons.push(`${certificate.path} ${how}`);
      } else if (info.trust === 'unknown-issuer' && primary !== undefined) {
        comments.push({
          path: ['sites', primary],
          text: `${certificate.path} is issued by "${info.issuer ?? 'an unknown CA'}", which this machine does not trust: add that CA's file under ca:`,
        });
      }
    }
  }
  if (reasons.length > 0) {
    comments.push({
      path: ['ca'],
      text: `guess: trusted so their sites can pass; ${reasons.join('; ')}`,
    });
  }
  return { ca, comments };
}
