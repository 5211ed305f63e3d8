import { connect } from 'node:tls';

/**
 * The plainest node:tls client: one fresh TCP connection and full TLS handshake (same shared SecureContext,
 * ALPN http/1.1, SNI, node:tls's own name check), a minimal GET, the status line, then destroy. No timings, no
 * parsing, no certificate capture. frontdoor does all of those and can still come in under it: node:tls's
 * default name check builds the detailed certificate object (issuer chain included), which frontdoor skips.
 * @param {{ address: string; port: number; hostname: string }} server
 * @param {import('node:tls').SecureContext} secureContext
 * @param {number} [timeoutMs]
 * @returns {Promise<true | string>} true on a 200 status line, else a short reason
 */
export function probeBareTls(server, secureContext, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const request = `GET / HTTP/1.1\r\nHost: ${server.hostname}:${server.port}\r\nConnection: close\r\n\r\n`;
    let head = '';
    const socket = connect({
      host: server.address,
      port: server.port,
      servername: server.hostname,
      ALPNProtocols: ['http/1.1'],
      secureContext,
    });
    const finish = (/** @type {true | string} */ outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.once('secureConnect', () => socket.write(request));
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n');
      if (end === -1) return;
      const statusLine = head.slice(0, end);
      finish(statusLine.startsWith('HTTP/1.1 200 ') ? true : `status line '${statusLine}'`);
    });
    socket.once('error', (error) => finish(`error ${/** @type {NodeJS.ErrnoException} */ (error).code}`));
    socket.once('close', () => finish('closed before a status line'));
  });
}
