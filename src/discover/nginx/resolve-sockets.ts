import type { ConfigPlace, NginxListen, NginxServerBlock, NginxSocket } from './nginx-inventory.js';

/** A server block as written, with the block-level switches that reach its sockets. */
export interface WrittenServer {
  block: NginxServerBlock;
  /** `ssl on;` in the block or at http level (nginx up to 1.24): TLS wherever this block is the default */
  sslOn?: ConfigPlace;
  /** `http2 on;` in the block or at http level (nginx 1.25.1 and later) */
  http2On: boolean;
}

interface Member {
  server: number;
  listen: NginxListen;
}

function isExplicitDefault(listen: NginxListen): boolean {
  return listen.params.includes('default_server') || listen.params.includes('default');
}

function socketKey(context: string, listen: NginxListen): string {
  return `${context} ${listen.transport} ${listen.socket}`;
}

function buildSocket(context: NginxServerBlock['context'], members: Member[], servers: WrittenServer[]) {
  const first = (members[0] as Member).listen;
  const order = [...new Set(members.map((member) => member.server))];
  const explicit = members.find((member) => isExplicitDefault(member.listen));
  const http = context === 'http';
  const defaultServer = http ? (explicit?.server ?? order[0]) : undefined;
  // nginx ORs ssl, http2 and proxy_protocol over every listen of an address:port (ngx_http_add_addresses);
  // `ssl on` counts where it sits in the block that is the address's default (ngx_http_init_connection).
  // QUIC carries its own TLS 1.3: a quic socket presents the blocks' certificates as an ssl one does (a
  // stream udp socket has no TLS at all).
  const tcp = first.transport === 'tcp';
  const sslListen = members.find((member) => member.listen.params.includes(tcp ? 'ssl' : 'quic'))?.listen;
  const legacy = defaultServer === undefined || !tcp ? undefined : servers[defaultServer]?.sslOn;
  const sslFrom = sslListen ?? legacy;
  const ipv6only = members.find((member) => member.listen.ipv6only !== undefined)?.listen.ipv6only;
  const ssl = sslFrom !== undefined;
  // Without TLS, nginx looks for the HTTP/2 preface before any Host is read, with the default block's
  // settings (ngx_http_wait_request_handler): its `http2 on` is h2c for every block on the socket. Over
  // TLS, ALPN runs with the block SNI chose, so there `http2 on` stays each block's own.
  const defaultHttp2 = !ssl && tcp && defaultServer !== undefined && servers[defaultServer]?.http2On === true;
  const socket: NginxSocket = {
    context,
    transport: first.transport,
    kind: first.kind,
    socket: first.socket,
    ...(first.address === undefined ? {} : { address: first.address }),
    ...(first.port === undefined ? {} : { port: first.port }),
    ...(first.path === undefined ? {} : { path: first.path }),
    ssl,
    ...(sslFrom === undefined ? {} : { sslFrom: { file: sslFrom.file, line: sslFrom.line } }),
    http2: tcp && (defaultHttp2 || members.some((member) => member.listen.params.includes('http2'))),
    proxyProtocol: members.some((member) => member.listen.params.includes('proxy_protocol')),
    ...(first.address === '::' ? { ipv6only: ipv6only ?? true } : {}),
    servers: order,
    ...(defaultServer === undefined ? {} : { defaultServer }),
    defaultExplicit: explicit !== undefined,
  };
  return socket;
}

/**
 * nginx's model of listening sockets: listens of the same context, transport and address:port (where
 * "listen 80" and "listen 0.0.0.0:80" are one, "[::]:80" another) form one socket whose ssl, http2 and
 * proxy_protocol hold for every block on it, whose default server is the block marked default_server or
 * else the first, and whose TLS is also switched on by a legacy `ssl on` in that default block. Returns
 * the sockets and the blocks with each listen carrying its socket's facts. Pure.
 */
export function resolveSockets(servers: WrittenServer[]): {
  sockets: NginxSocket[];
  servers: NginxServerBlock[];
} {
  const groups = new Map<string, { context: NginxServerBlock['context']; members: Member[] }>();
  servers.forEach(({ block }, server) => {
    for (const listen of block.listens) {
      const key = socketKey(block.context, listen);
      const group = groups.get(key) ?? { context: block.context, members: [] };
      group.members.push({ server, listen });
      groups.set(key, group);
    }
  });
  const sockets: NginxSocket[] = [];
  const byKey = new Map<string, NginxSocket>();
  for (const [key, group] of groups) {
    const socket = buildSocket(group.context, group.members, servers);
    sockets.push(socket);
    byKey.set(key, socket);
  }
  const resolved = servers.map(({ block, http2On }, server) => ({
    ...block,
    listens: block.listens.map((listen) => {
      const socket = byKey.get(socketKey(block.context, listen)) as NginxSocket;
      return {
        ...listen,
        ssl: socket.ssl,
        http2: socket.http2 || (http2On && socket.ssl && socket.transport === 'tcp'),
        proxyProtocol: socket.proxyProtocol,
        defaultServer: socket.defaultServer === server,
        ...(socket.ipv6only === undefined ? {} : { ipv6only: socket.ipv6only }),
      };
    }),
  }));
  return { sockets, servers: resolved };
}
