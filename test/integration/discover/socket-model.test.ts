import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverNginx, type NginxDiscovery } from '../../../src/discover/discover-nginx.js';
import { createDiskConfigSource } from '../../../src/discover/nginx/nginx-config-source.js';
import type { NginxServerBlock, NginxSocket } from '../../../src/discover/nginx/nginx-inventory.js';
import { type CertificateAuthority, createCertificateAuthority } from '../../../src/lab/certificates.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';
import { type NginxServer, startNginx } from '../../../src/lab/nginx-server.js';
import { get } from '../lab/http-get.js';
import { requireTools } from '../lab/require-tools.js';
import { runNginxTest } from './run-nginx-test.js';

const tools = requireTools(['nginx', 'openssl']);

const NAMES = [
  'tls-first.sock.test',
  'plain-second.sock.test',
  'first-a.sock.test',
  'second.sock.test',
  'third-b.sock.test',
  'h2-first.sock.test',
  'h2-second.sock.test',
  'h1.sock.test',
  'legacy-default.sock.test',
  'legacy-other.sock.test',
  'legacy-plain.sock.test',
  'legacy-nondefault.sock.test',
  'shared.sock.test',
  'unknown.sock.test',
];

/** What the socket really does: TLS or not, and the ALPN protocol it picks when offered h2. */
function probeSocket(address: string, port: number, servername: string, ca: Buffer) {
  return new Promise<{ tls: boolean; alpn: string | false }>((resolve) => {
    const socket = connect({ host: address, port, servername, ca, ALPNProtocols: ['h2', 'http/1.1'] });
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.once('secureConnect', () => {
      resolve({ tls: true, alpn: socket.alpnProtocol ?? false });
      socket.destroy();
    });
    socket.once('error', () => resolve({ tls: false, alpn: false }));
  });
}

describe.skipIf(tools.skip)("discovery's socket model against what a real nginx serves", () => {
  let dir: string;
  let ca: CertificateAuthority;
  let caPem: Buffer;
  let nginx: NginxServer;
  let discovery: NginxDiscovery;
  let a: string;
  let b: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frontdoor-socket-model-'));
    ca = await createCertificateAuthority();
    caPem = await readFile(ca.caCertPath);
    const certificate = await ca.issue({ names: NAMES });
    a = allocateLoopbackAddress();
    b = allocateLoopbackAddress();
    const [tlsPort, defaultPort, h2Port, h1Port, legacyPort, rootPort] = await Promise.all([
      findFreePort(a),
      findFreePort(a),
      findFreePort(a),
      findFreePort(a),
      findFreePort(a),
      findFreePort(a),
    ]);
    // Each block answers with its own root, so a response names the block nginx chose.
    const block = (name: string, listens: string[], extra = '') =>
      `server { ${listens.map((listen) => `listen ${listen};`).join(' ')} server_name ${name}; root ${dir}/www/${name.split('.')[0]}; ${extra} location / { return 200 "$document_root\\n"; } }`;
    const httpBlock = [
      `ssl_certificate ${certificate.certPath};`,
      `ssl_certificate_key ${certificate.keyPath};`,
      // ssl on one listen of a:tlsPort makes the second block TLS too.
      block('tls-first.sock.test shared.sock.test', [`${a}:${tlsPort} ssl`]),
      block('plain-second.sock.test', [`${a}:${tlsPort}`]),
      // Default server per address:port: the first block on a, the marked one on b.
      block('first-a.sock.test', [`${a}:${defaultPort}`]),
      block('second.sock.test', [`${a}:${defaultPort}`, `${b}:${defaultPort} default_server`]),
      block('third-b.sock.test', [`${b}:${defaultPort}`]),
      // http2 on one listen of a:h2Port: both blocks speak h2; a:h1Port does not.
      block('h2-first.sock.test', [`${a}:${h2Port} ssl http2`]),
      block('h2-second.sock.test', [`${a}:${h2Port} ssl`]),
      block('h1.sock.test', [`${a}:${h1Port} ssl`]),
      // nginx 1.22's "ssl on" counts in the default block of a socket only.
      block('legacy-default.sock.test', [`${a}:${legacyPort}`], 'ssl on;'),
      block('legacy-other.sock.test', [`${a}:${legacyPort}`]),
      block('legacy-plain.sock.test', [`${b}:${legacyPort}`]),
      block('legacy-nondefault.sock.test', [`${b}:${legacyPort}`], 'ssl on;'),
      // A conflicting name: nginx keeps the first block's.
      block('shared.sock.test', [`${a}:${tlsPort}`]),
      // Relative roots resolve against nginx's prefix (-p), and a block without root inherits http's.
      'root www/inherited;',
      `server { listen ${a}:${rootPort}; server_name relative-root.sock.test; root www/relative; location / { return 200 "$document_root\\n"; } }`,
      `server { listen ${a}:${rootPort}; server_name inherited-root.sock.test; location / { return 200 "$document_root\\n"; } }`,
    ].join('\n');
    nginx = await startNginx({ httpBlock });
    discovery = await discoverNginx(nginx.configPath, createDiskConfigSource(), {
      now: new Date(),
      prefix: { path: nginx.prefix, from: '-p' },
    });
  });

  afterAll(async () => {
    await nginx?.stop();
    await ca?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const servers = () => discovery.inventory.servers;
  const sockets = () => discovery.inventory.sockets.filter((socket) => socket.kind === 'inet');
  const request = (socket: NginxSocket, host: string) =>
    get({
      address: socket.address as string,
      port: socket.port as number,
      host,
      ...(socket.ssl ? { ca: caPem } : {}),
    });

  it('finds every socket with the TLS nginx really speaks on it (ssl per address:port, "ssl on" by default block)', async () => {
    expect(sockets()).toHaveLength(8);
    for (const socket of sockets()) {
      const name = servers()[socket.servers[0] ?? 0]?.serverNames[0]?.name ?? '';
      const seen = await probeSocket(socket.address as string, socket.port as number, name, caPem);
      expect(`${socket.socket} tls=${seen.tls}`).toBe(`${socket.socket} tls=${socket.ssl}`);
    }
    const tlsOf = (name: string) =>
      servers().find((server) => server.serverNames.some((n) => n.name === name))?.listens[0]?.ssl;
    expect(
      ['plain-second', 'legacy-other', 'legacy-nondefault'].map((name) => tlsOf(`${name}.sock.test`)),
    ).toEqual([true, true, false]);
  });

  it('answers every name on every socket with the block discovery assigns it (root as nginx resolves it), the conflicting name with the winner', async () => {
    let requests = 0;
    for (const socket of sockets()) {
      for (const index of socket.servers) {
        const server = servers()[index] as NginxServerBlock;
        for (const name of server.serverNames) {
          const conflicts = discovery.warnings.filter(
            (warning) =>
              warning.code === 'conflicting_server_name' && warning.message.includes(`"${name.name}"`),
          );
          const winner =
            conflicts.length > 0 && conflicts.some((warning) => warning.line === server.line)
              ? servers().find((other) => other.serverNames.some((n) => n.name === name.name))
              : server;
          const response = await request(socket, name.name);
          expect(`${name.name} on ${socket.socket} -> ${response.body}`).toBe(
            `${name.name} on ${socket.socket} -> ${winner?.root}\n`,
          );
          requests += 1;
        }
      }
    }
    expect(requests).toBe(17);
    const rootOf = (name: string) =>
      servers().find((server) => server.serverNames.some((n) => n.name === name))?.root;
    expect([rootOf('relative-root.sock.test'), rootOf('inherited-root.sock.test')]).toEqual([
      join(nginx.prefix, 'www/relative'),
      join(nginx.prefix, 'www/inherited'),
    ]);
  });

  it('answers an unknown name on every socket with the default server discovery names for it', async () => {
    for (const socket of sockets()) {
      const expected = servers()[socket.defaultServer ?? -1];
      const response = await request(socket, 'unknown.sock.test');
      expect(`${socket.socket} -> ${response.body}`).toBe(`${socket.socket} -> ${expected?.root}\n`);
    }
    const second = servers().find((server) => server.serverNames[0]?.name === 'second.sock.test');
    expect(second?.listens.map((listen) => listen.defaultServer)).toEqual([false, true]);
  });

  it('offers HTTP/2 exactly where discovery says, for every block on the socket', async () => {
    for (const socket of sockets().filter((candidate) => candidate.ssl)) {
      for (const index of socket.servers) {
        const server = servers()[index] as NginxServerBlock;
        const name = server.serverNames[0]?.name ?? '';
        const seen = await probeSocket(socket.address as string, socket.port as number, name, caPem);
        const listen = server.listens.find((candidate) => candidate.socket === socket.socket);
        expect(`${name} alpn=${seen.alpn}`).toBe(
          `${name} alpn=${listen?.http2 === true ? 'h2' : 'http/1.1'}`,
        );
      }
    }
  });

  it('warns about the conflicting server name exactly as nginx -t does, naming the winner', async () => {
    const output = await runNginxTest(tools.paths.nginx as string, nginx.prefix, nginx.configPath);
    const fromNginx = [...output.matchAll(/conflicting server name "([^"]+)" on ([^,]+), ignored/g)].map(
      (match) => `${match[1]} on ${match[2]}`,
    );
    const ours = discovery.warnings
      .filter((warning) => warning.code === 'conflicting_server_name')
      .map((warning) => /"([^"]+)" on (\S+):/.exec(warning.message)?.slice(1).join(' on '));
    expect(ours).toEqual(fromNginx);
    expect(ours).toEqual([`shared.sock.test on ${a}:${servers()[0]?.listens[0]?.port}`]);
    const winner = servers()[0];
    expect(
      discovery.warnings.find((warning) => warning.code === 'conflicting_server_name')?.message,
    ).toContain(`${winner?.file}:${winner?.line} answers it`);
  });
});
