import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../inventory-from-text.test-helper.js';

const sockets = (text: string) => inventoryFromText(text).sockets;
const listensOf = (text: string) =>
  inventoryFromText(text).servers.map((server) =>
    server.listens.map(
      (listen) =>
        `${listen.socket}${listen.ssl ? ' ssl' : ''}${listen.http2 ? ' http2' : ''}${listen.proxyProtocol ? ' proxy_protocol' : ''}${listen.defaultServer ? ' default' : ''}`,
    ),
  );

describe('resolveSockets: nginx keeps socket options per address:port', () => {
  it('serves every block on an address:port with TLS when any of its listens says ssl', () => {
    const text = `http {
      server { listen 127.0.0.1:8443 ssl; server_name a.test; }
      server { listen 127.0.0.1:8443; server_name b.test; }
      server { listen 127.0.0.1:8080; server_name b.test; }
    }`;
    expect(listensOf(text)).toEqual([
      ['127.0.0.1:8443 ssl default'],
      ['127.0.0.1:8443 ssl'],
      ['127.0.0.1:8080 default'],
    ]);
    expect(sockets(text)[0]).toMatchObject({
      socket: '127.0.0.1:8443',
      ssl: true,
      sslFrom: { file: '/etc/nginx/nginx.conf', line: 2 },
      servers: [0, 1],
      defaultServer: 0,
      defaultExplicit: false,
    });
  });

  it('ORs http2 and proxy_protocol the same way, and counts a block-level "http2 on"', () => {
    const text = `http {
      server { listen 8443 ssl http2 proxy_protocol; server_name a.test; }
      server { listen 8443 ssl; server_name b.test; }
      server { listen 9443 ssl; http2 on; server_name c.test; }
      server { listen 9443 ssl; server_name d.test; }
    }`;
    expect(listensOf(text)).toEqual([
      ['*:8443 ssl http2 proxy_protocol default'],
      ['*:8443 ssl http2 proxy_protocol'],
      ['*:9443 ssl http2 default'],
      ['*:9443 ssl'],
    ]);
  });

  it('offers h2c on a plain socket by its default block\'s "http2 on" only, as nginx reads the preface before any Host', () => {
    const text = `http {
      server { listen 8080; http2 on; server_name a.test; }
      server { listen 8080; server_name b.test; }
      server { listen 8081; server_name c.test; }
      server { listen 8081; http2 on; server_name d.test; }
    }`;
    expect(listensOf(text)).toEqual([
      ['*:8080 http2 default'],
      ['*:8080 http2'],
      ['*:8081 default'],
      ['*:8081'],
    ]);
    expect(sockets(text).map((socket) => `${socket.socket} http2=${socket.http2}`)).toEqual([
      '*:8080 http2=true',
      '*:8081 http2=false',
    ]);
  });

  it('takes "listen 80", "listen *:80" and "listen 0.0.0.0:80" for one socket, "[::]:80" for another', () => {
    const text = `http {
      server { listen 80; server_name a.test; }
      server { listen 0.0.0.0:80 default_server; server_name b.test; }
      server { listen *:80; listen [::]:80; listen [0::0]:80; server_name c.test; }
    }`;
    const found = sockets(text);
    expect(
      found.map((socket) => `${socket.socket} ${socket.servers.join(',')} default ${socket.defaultServer}`),
    ).toEqual(['*:80 0,1,2 default 1', '[::]:80 2 default 2']);
    expect(found[1]?.ipv6only).toBe(true);
    expect(sockets('http { server { listen [::]:80 ipv6only=off; } }')[0]?.ipv6only).toBe(false);
  });

  it('keeps a specific address apart from the wildcard on the same port, each with its own default server', () => {
    const text = `http {
      server { listen 80; server_name wildcard.test; }
      server { listen 127.0.0.5:80; server_name specific.test; }
      server { listen 127.0.0.5:80 default_server; server_name other.test; }
    }`;
    expect(listensOf(text)).toEqual([['*:80 default'], ['127.0.0.5:80'], ['127.0.0.5:80 default']]);
  });

  it('turns a socket TLS by a legacy "ssl on" only in its default block, from the block or http level', () => {
    const ownBlock = `http {
      server { listen 8000; server_name plain.test; }
      server { listen 8000; ssl on; server_name wants-tls.test; }
      server { listen 8001; ssl on; server_name tls.test; }
    }`;
    expect(listensOf(ownBlock)).toEqual([['*:8000 default'], ['*:8000'], ['*:8001 ssl default']]);
    const httpLevel = `http { ssl on;
      server { listen 8002; server_name a.test; }
      server { listen 8003; ssl off; server_name b.test; }
    }`;
    expect(listensOf(httpLevel)).toEqual([['*:8002 ssl default'], ['*:8003 default']]);
  });

  it('keeps UDP (quic, stream udp) sockets apart from TCP ones on the same port; quic is TLS, stream udp is not', () => {
    const text = `http {
      server { listen 443 ssl; listen 443 quic reuseport; server_name a.test; }
    }
    stream { server { listen 53 udp; proxy_pass 10.0.0.53:53; } server { listen 53; proxy_pass 10.0.0.53:53; } }`;
    expect(
      sockets(text).map(
        (socket) => `${socket.context} ${socket.transport} ${socket.socket} ssl=${socket.ssl}`,
      ),
    ).toEqual([
      'http tcp *:443 ssl=true',
      'http udp *:443 ssl=true',
      'stream udp *:53 ssl=false',
      'stream tcp *:53 ssl=false',
    ]);
  });

  it('gives stream sockets no default server: stream does not choose blocks by name', () => {
    expect(sockets('stream { server { listen 5432; proxy_pass db:5432; } }')[0]).toMatchObject({
      servers: [0],
      defaultExplicit: false,
    });
    expect(
      sockets('stream { server { listen 5432; proxy_pass db:5432; } }')[0]?.defaultServer,
    ).toBeUndefined();
  });

  it('reads unix:///path as the socket /path', () => {
    const text =
      'http { server { listen unix:///run/nginx//web.sock; } server { listen unix:/run/nginx/web.sock; } }';
    expect(sockets(text).map((socket) => [socket.socket, socket.path, socket.servers])).toEqual([
      ['unix:/run/nginx/web.sock', '/run/nginx/web.sock', [0, 1]],
    ]);
  });
});
