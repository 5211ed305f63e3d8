import { execFile } from 'node:child_process';

/**
 * @typedef {object} PhaseTimes
 * @property {number} connectMs TCP connect
 * @property {number} tlsMs TLS handshake alone
 * @property {number} ttfbMs request written to first response byte
 */

/**
 * One curl process making `transfers` requests for the bench URL, pinned with --resolve, trusting only the
 * lab CA, with no session reuse and no proxy (nothing leaves loopback). nginx closes every connection
 * (keepalive_timeout 0), so each transfer is a fresh connection and full handshake.
 * The first transfer of a curl process also loads the CA file (~4 ms here, counted in its appconnect); later
 * ones reuse curl's cached CA store, so callers should drop the first transfer. Every transfer still builds a
 * fresh OpenSSL context after TCP is up (see measureContextBuildMs in compare-phases.js).
 * curl's -w times are cumulative from the start of a transfer: subtract to get each phase.
 * @param {{ url: string; hostname: string; port: number; address: string; caCertPath: string }} server
 * @param {number} transfers
 * @returns {Promise<PhaseTimes[]>}
 */
export function runCurlBatch(server, transfers) {
  const args = [
    '--silent',
    '--show-error',
    '--http1.1',
    '--no-sessionid',
    '--noproxy',
    '*',
    '--max-time',
    '5',
    '--resolve',
    `${server.hostname}:${server.port}:${server.address}`,
    '--cacert',
    server.caCertPath,
    '--write-out',
    '%{http_code} %{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer}\\n',
  ];
  for (let i = 0; i < transfers; i += 1) args.push('--output', '/dev/null', server.url);
  return new Promise((resolve, reject) => {
    execFile('curl', args, { timeout: 5000 + transfers * 1000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`curl failed: ${stderr.trim() || error.message}`));
        return;
      }
      try {
        resolve(stdout.trim().split('\n').map(parseWriteOut));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

/**
 * @param {string} line
 * @returns {PhaseTimes}
 */
function parseWriteOut(line) {
  const [status, lookup, connect, appconnect, starttransfer] = line
    .split(' ')
    .map((field) => Number(field) * 1000);
  if (status !== 200_000) throw new Error(`curl got '${line}', expected status 200`);
  const ms = (/** @type {number | undefined} */ value) => value ?? Number.NaN;
  return {
    connectMs: ms(connect) - ms(lookup),
    tlsMs: ms(appconnect) - ms(connect),
    ttfbMs: ms(starttransfer) - ms(appconnect),
  };
}
