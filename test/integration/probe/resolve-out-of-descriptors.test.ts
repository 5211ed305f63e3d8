import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RESOLVE_MODULE = fileURLToPath(new URL('../../../dist/probe/resolve-addresses.js', import.meta.url));
const RESOLVER_MODULE = fileURLToPath(new URL('../../../dist/probe/host-resolver.js', import.meta.url));

// Runs in a child with a small open-file limit: it uses up its descriptors, then asks the system resolver
// for "localhost" (answered from /etc/hosts; nothing is sent anywhere) and prints what came back.
const SCRIPT = `
import { openSync } from 'node:fs';
const { resolveAddresses } = await import(process.argv[1]);
const { systemResolver } = await import(process.argv[2]);
const held = [];
try { for (;;) held.push(openSync('/dev/null', 'r')); } catch {}
const outcome = await resolveAddresses({ hostname: 'localhost' }, systemResolver, { ms: 5000, timeoutCode: 'dns_timeout' })
  .then((value) => ({ resolved: value }), (error) => ({ rejected: { code: error.code, message: error.message } }));
console.log(JSON.stringify(outcome));
`;

describe('resolveAddresses with no file descriptors left', () => {
  it('says the prober is out of descriptors, not that the name does not exist (getaddrinfo says ENOTFOUND)', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        'bash',
        [
          '-c',
          'ulimit -n 64 && exec "$@"',
          'bash',
          process.execPath,
          '--input-type=module',
          '-e',
          SCRIPT,
          RESOLVE_MODULE,
          RESOLVER_MODULE,
        ],
        { timeout: 20_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      );
    });
    expect(JSON.parse(stdout)).toEqual({
      rejected: {
        code: 'FD_ERR_LOCAL_RESOURCE',
        message: expect.stringMatching(
          /^cannot resolve localhost: EMFILE, this process ran out of file descriptors \(ulimit -n is 64\)/,
        ),
      },
    });
  });
});
