import { createCertificateAuthority } from '../dist/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';
import { startNginx } from '../dist/lab/nginx-server.js';

/** Every fleet hostname sits under this domain, covered by one wildcard certificate. Never resolved through DNS. */
export const FLEET_DOMAIN = 'fleet.frontdoor.test';

/**
 * @typedef {object} FleetServer
 * @property {string} address loopback address nginx listens on
 * @property {number} port
 * @property {string} hostname one fleet hostname, for contenders that ask a single name (blackbox_exporter)
 * @property {string} caCertPath the lab CA every client trusts
 * @property {number} nginxPid master pid, for reading nginx's own CPU
 */

/**
 * One nginx standing in for a fleet's shared front door: every `*.fleet.frontdoor.test` name is routed to
 * a `return 200`, anything else falls to a default server that answers 404 (the catch-all a real fleet
 * has). Like the probe-loop bench: TLS with no session resumption and no keep-alive, so every request is a
 * fresh connection and a full handshake.
 * @param {{ push: (label: string, stop: () => Promise<void> | void) => void }} cleanup
 * @returns {Promise<FleetServer>}
 */
export async function startFleetServer(cleanup) {
  const ca = await createCertificateAuthority({ commonName: 'frontdoor fleet bench CA' });
  cleanup.push('fleet CA', () => ca.dispose());
  const issued = await ca.issue({ names: [`*.${FLEET_DOMAIN}`, FLEET_DOMAIN] });
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const tls = `
        ssl_certificate ${issued.certPath};
        ssl_certificate_key ${issued.keyPath};
        ssl_session_cache off;
        ssl_session_tickets off;
        keepalive_timeout 0;
        access_log off;`;
  const nginx = await startNginx({
    httpBlock: `
      server {
        listen ${address}:${port} ssl default_server;
        server_name _;${tls}
        return 404 "not routed\\n";
      }
      server {
        listen ${address}:${port} ssl;
        server_name *.${FLEET_DOMAIN};${tls}
        location / {
          default_type text/plain;
          return 200 "ok\\n";
        }
      }
    `,
  });
  cleanup.push('fleet nginx', () => nginx.stop());
  return {
    address,
    port,
    hostname: `s1.${FLEET_DOMAIN}`,
    caCertPath: ca.caCertPath,
    nginxPid: nginx.pid,
  };
}
