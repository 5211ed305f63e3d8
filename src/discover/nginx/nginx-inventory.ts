/** Where in the configuration something was declared, for messages the operator can follow. */
export interface ConfigPlace {
  file: string;
  line: number;
}

/**
 * One `listen` directive of a server block, with what nginx makes of it on its address:port: `ssl`,
 * `http2` and `proxy_protocol` on any listen of an address:port hold for every block on it, and one block
 * per address:port is its default server (see resolveSockets).
 */
export interface NginxListen extends ConfigPlace {
  kind: 'inet' | 'unix';
  /** `udp` (stream) and `quic` (http/3) listens are UDP sockets, apart from TCP ones on the same port */
  transport: 'tcp' | 'udp';
  /** the socket as nginx names it: "*:80" (also for 0.0.0.0:80), "[::]:443", "127.0.0.1:8443", "unix:/run/x.sock" */
  socket: string;
  /** "*" for every IPv4 address, "::" for every IPv6 address, otherwise the literal (or an unresolved hostname) */
  address?: string;
  /** the hostname written ("localhost"), when it was resolved: `address` and `socket` are then one of its addresses */
  host?: string;
  port?: number;
  path?: string;
  /** the parameters as written after the address: "ssl", "http2", "default_server", "backlog=511" */
  params: string[];
  /**
   * TLS on this socket: this or another block's listen of the same address:port says `ssl`, or `ssl on`;
   * always for `quic` (QUIC's own TLS 1.3), never for stream `udp`
   */
  ssl: boolean;
  /**
   * HTTP/2 offered: a listen of the same address:port says `http2`, or `http2 on` in this block (over TLS)
   * or in the socket's default block (without TLS, where nginx decides before reading a Host)
   */
  http2: boolean;
  /** the PROXY protocol header is expected first on this socket */
  proxyProtocol: boolean;
  /** this block is the one nginx picks on this address:port for a name no server_name matches */
  defaultServer: boolean;
  ipv6only?: boolean;
  /** true when no `listen` was written and nginx's default applies */
  implicit: boolean;
}

/**
 * One address:port (or unix socket) nginx accepts on, with the blocks it chooses among: the unit nginx
 * keeps ssl, http2, proxy_protocol and the default server per.
 */
export interface NginxSocket {
  context: 'http' | 'stream';
  transport: 'tcp' | 'udp';
  kind: 'inet' | 'unix';
  socket: string;
  address?: string;
  port?: number;
  path?: string;
  ssl: boolean;
  /** the listen (or `ssl on`) that turned TLS on for the whole socket */
  sslFrom?: ConfigPlace;
  /** every block offers HTTP/2: a listen says `http2`, or (without TLS) the default block says `http2 on` */
  http2: boolean;
  proxyProtocol: boolean;
  /** for "[::]": false when it also accepts IPv4 (ipv6only=off); nginx's default is on */
  ipv6only?: boolean;
  /** indexes into the inventory's servers, in configuration order */
  servers: number[];
  /** the index of the block that answers names no server_name matches (http only) */
  defaultServer?: number;
  /** true when a listen marks it default_server; false when it is the first block by order */
  defaultExplicit: boolean;
}

/** exact "shop.example.com", wildcard "*.example.com" / ".example.com" / "www.example.*", regex "~^..$" */
export type ServerNameKind = 'exact' | 'wildcard' | 'regex' | 'placeholder';

export interface NginxServerName {
  name: string;
  kind: ServerNameKind;
  /** why this name looks like a mistake: the next directive swallowed by a missing ";", a "/" */
  suspicious?: string;
}

/** One address an upstream reaches: host:port or a unix socket. */
export interface UpstreamEndpoint {
  kind: 'inet' | 'unix';
  /** "10.0.0.5:8080", "unix:/run/php/php8.2-fpm.sock" */
  endpoint: string;
  host?: string;
  port?: number;
  path?: string;
}

export type PassDirective = 'proxy_pass' | 'fastcgi_pass' | 'uwsgi_pass' | 'grpc_pass';

/** A *_pass directive and everything it can reach. */
export interface NginxUpstreamTarget extends ConfigPlace {
  directive: PassDirective;
  /** the argument as written: "http://backend/", "unix:/run/php/php8.2-fpm.sock" */
  raw: string;
  /** the location it sits in ("/", "~ \\.php$", "@fallback"); absent at server level */
  location?: string;
  /** the named `upstream` block it refers to, when it does */
  upstream?: string;
  endpoints: UpstreamEndpoint[];
  /** true when the target is computed from variables at request time and cannot be known statically */
  dynamic: boolean;
}

/**
 * Whether a client with the usual trust store accepts the chain: `public` reaches a trusted root,
 * `self-signed` is its own issuer, `root-in-file` ends at a self-signed CA carried in the same file,
 * `unknown-issuer` stops at an issuer that is neither (a private CA kept elsewhere).
 */
export type CertificateTrust = 'public' | 'self-signed' | 'root-in-file' | 'unknown-issuer';

export interface CertificateInfo {
  /** DNS names from subjectAltName, or the subject CN when there is no DNS SAN */
  names: string[];
  notAfter: string;
  notBefore: string;
  /** the issuer's distinguished name, one line: "CN=Lab CA, O=Example" */
  issuer?: string;
  trust?: CertificateTrust;
}

export interface NginxCertificate extends ConfigPlace {
  path: string;
  /** set when the path was written with $ssl_server_name and expanded for this exact name */
  serverName?: string;
  /** true when the path holds variables that cannot be expanded: nginx picks the file per handshake */
  dynamic?: boolean;
  /** absent when the file could not be read or parsed; `error` says why */
  info?: CertificateInfo;
  error?: string;
}

/** How a block turns away whoever reaches it: a catch-all, never a site. */
export type ServerRefusal = 'return 444' | 'ssl_reject_handshake';

export interface NginxServerBlock extends ConfigPlace {
  context: 'http' | 'stream';
  listens: NginxListen[];
  serverNames: NginxServerName[];
  /** the block's root, or the one it inherits from http; relative ones resolved against nginx's prefix */
  root?: string;
  upstreams: NginxUpstreamTarget[];
  /** the certificates it presents: only for a block served over TLS on some socket */
  certificates: NginxCertificate[];
  /** set for a catch-all: server-level `return 444`, or `ssl_reject_handshake on` */
  refuses?: ServerRefusal;
  /** locations that look like a health check ("= /health", "/healthz"), exact ones first */
  healthPaths: string[];
}

export interface NginxUpstreamBlock extends ConfigPlace {
  name: string;
  context: 'http' | 'stream';
  endpoints: UpstreamEndpoint[];
}

/** Everything discovery learned from one nginx configuration. */
export interface NginxInventory {
  mainFile: string;
  files: string[];
  /** nginx's prefix (-p) that relative roots resolve against, and where it came from; absent when unknown */
  prefix?: { path: string; from: string };
  servers: NginxServerBlock[];
  /** every address:port and unix socket, http and stream, TCP and UDP */
  sockets: NginxSocket[];
  upstreams: NginxUpstreamBlock[];
}
