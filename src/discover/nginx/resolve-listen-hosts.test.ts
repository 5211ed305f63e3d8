import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../inventory-from-text.test-helper.js';
import { extractInventory } from './extract-inventory.js';
import { parseNginx } from './parse-nginx.js';
import { collectListenHosts, MAX_LISTEN_HOSTS, resolveListenHosts } from './resolve-listen-hosts.js';

const treeOf = (text: string) => ({
  mainFile: '/etc/nginx/nginx.conf',
  files: ['/etc/nginx/nginx.conf'],
  directives: parseNginx(text, '/etc/nginx/nginx.conf'),
});

const LOCAL = `http {
  server { listen localhost:8080 ssl; server_name a.test; }
  server { listen 127.0.0.1:8080 default_server; server_name b.test; }
  server { listen [::1]:8080; server_name c.test; }
}
stream { server { listen Localhost:5432; proxy_pass 10.0.0.1:5432; } }`;

describe('resolveListenHosts: hostnames in listen, as nginx resolves them at start', () => {
  it('collects each hostname once, lower-cased, and skips literals, wildcards and unix sockets', () => {
    expect(
      collectListenHosts(
        treeOf(`http { server { listen localhost:80; listen web.internal; listen 10.0.0.1:80; listen 80;
          listen [::1]:81; listen unix:/run/x.sock; listen Localhost:81; listen bad:port; } }`),
      ),
    ).toEqual(['localhost', 'web.internal']);
  });

  it('puts a hostname listen on the sockets of the addresses it resolves to', async () => {
    const listenHosts = await resolveListenHosts(treeOf(LOCAL), async () => ['127.0.0.1', '::1']);
    const inventory = extractInventory(treeOf(LOCAL), { listenHosts });
    expect(
      inventory.sockets.map(
        (socket) =>
          `${socket.socket} ssl=${socket.ssl} servers=${socket.servers} default=${socket.defaultServer}`,
      ),
    ).toEqual([
      // localhost's ssl holds for 127.0.0.1:8080, whose default_server is the second block.
      '127.0.0.1:8080 ssl=true servers=0,1 default=1',
      '[::1]:8080 ssl=true servers=0,2 default=0',
      '127.0.0.1:5432 ssl=false servers=3 default=undefined',
      '[::1]:5432 ssl=false servers=3 default=undefined',
    ]);
    expect(inventory.servers[0]?.listens.map((listen) => [listen.socket, listen.host])).toEqual([
      ['127.0.0.1:8080', 'localhost'],
      ['[::1]:8080', 'localhost'],
    ]);
  });

  it('keeps a hostname that does not resolve, or without a resolver, as written', async () => {
    const failing = await resolveListenHosts(treeOf(LOCAL), async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    });
    expect(failing.size).toBe(0);
    expect(inventoryFromText(LOCAL).sockets[0]?.socket).toBe('localhost:8080');
  });

  it(`looks up at most ${MAX_LISTEN_HOSTS} hostnames of a generated tree`, async () => {
    const servers = Array.from(
      { length: MAX_LISTEN_HOSTS + 10 },
      (_, i) => `server { listen h${i}.internal:80; }`,
    );
    const asked: string[] = [];
    await resolveListenHosts(treeOf(`http { ${servers.join('\n')} }`), async (host) => {
      asked.push(host);
      return ['10.0.0.1'];
    });
    expect(asked).toHaveLength(MAX_LISTEN_HOSTS);
  });
});
