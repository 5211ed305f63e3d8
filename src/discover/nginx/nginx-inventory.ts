/** Where in the configuration something was declared, for messages the operator can follow. */
export interface ConfigPlace {
  file: string;
  line: number;
}

/** One `listen` directive: an inet socket (address and port) or a unix socket. */
export interface NginxListen extends ConfigPlace {
  kind: 'inet' | 'unix';
  /** the socket as nginx names it: "*:80", "[::]:443", "127.0.0.1:8443", "unix:/run/x.sock" */
  socket: string;
  /** "*" for every IPv4 address, "::" for every IPv6 address, otherwise the literal or hostname */
  address?: string;
  port?: number;
  path?: string;
  ssl: boolean;
  http2: boolean;
  defaultServer: boolean;
  ipv6only?: boolean;
  /** true when no `listen` was written and nginx's default applies */
  implicit: boolean;
}

/** exact "shop.example.com", wildcard "*.example.com" / ".example.com" / "www.example.*", regex "~^..$" */
export type ServerNameKind = 'exact' | 'wildcard' | 'regex' | 'placeholder';

export interface NginxServerName {
  name: string;
  kind: ServerNameKind;
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

export interface CertificateInfo {
  /** DNS names from subjectAltName, or the subject CN when there is no DNS SAN */
  names: string[];
  notAfter: string;
  notBefore: string;
}

export interface NginxCertificate extends ConfigPlace {
  path: string;
  /** absent when the file could not be read or parsed; `error` says why */
  info?: CertificateInfo;
  error?: string;
}

export interface NginxServerBlock extends ConfigPlace {
  context: 'http' | 'stream';
  listens: NginxListen[];
  serverNames: NginxServerName[];
  root?: string;
  upstreams: NginxUpstreamTarget[];
  certificates: NginxCertificate[];
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
  servers: NginxServerBlock[];
  upstreams: NginxUpstreamBlock[];
}
