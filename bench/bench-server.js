import { createCertificateAuthority } from '../dist/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../dist/lab/loopback.js';
import { startNginx } from '../dist/lab/nginx-server.js';

/** The name every contender asks for: SNI, Host and the certificate's SAN. Never resolved through DNS. */
export const BENCH_HOSTNAME = 'bench.frontdoor.test';

/**
 * @typedef {object} BenchServer
 * @property {string} address loopback address nginx listens on
 * @property {number} port
 * @property {string} hostname
 * @property {string} url https URL with the bench hostname (pin it to `address`)
 * @property {string} caCertPath the lab CA every client trusts
 * @property {number} nginxPid master pid, for reading nginx's own CPU
 */

/**
 * Starts nginx on a fresh loopback address with a cheap `return 200` over TLS and no session resumption
 * (no cache, no tickets) and no keep-alive, so every probe pays a full handshake on a fresh connection,
 * as a new visitor would. Registers its stops on `cleanup`. With `http2`, the listen offers h2 in ALPN too.
 * @param {{ push: (label: string, stop: () => Promise<void> | void) => void }} cleanup
 * @param {{ http2?: boolean }} [options]
 * @returns {Promise<BenchServer>}
 */
export async function startBenchServer(cleanup, options = {}) {
  const ca = await createCertificateAuthority({ commonName: 'frontdoor bench CA' });
  cleanup.push('lab CA', () => ca.dispose());
  const issued = await ca.issue({ names: [BENCH_HOSTNAME] });
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const nginx = await startNginx({
    httpBlock: `
      server {
        listen ${address}:${port} ssl${options.http2 === true ? ' http2' : ''};
        server_name ${BENCH_HOSTNAME};
        ssl_certificate ${issued.certPath};
        ssl_certificate_key ${issued.keyPath};
        ssl_session_cache off;
        ssl_session_tickets off;
        keepalive_timeout 0;
        access_log off;
        location / {
          default_type text/plain;
          return 200 "ok\\n";
        }
      }
    `,
  });
  cleanup.push('nginx', () => nginx.stop());
  return {
    address,
    port,
    hostname: BENCH_HOSTNAME,
    url: `https://${BENCH_HOSTNAME}:${port}/`,
    caCertPath: ca.caCertPath,
    nginxPid: nginx.pid,
  };
}
