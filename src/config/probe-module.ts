/**
 * A blackbox_exporter module (the `modules:` section), validated and with blackbox's defaults applied, as
 * `GET /probe?module=NAME` uses it. Only the `http` prober exists; keys frontdoor cannot honour are refused
 * when the configuration is read, never ignored.
 */

/** `fail_if_header_matches` / `fail_if_header_not_matches` entries. */
export interface HeaderMatchSpec {
  /** lower-cased header name */
  header: string;
  /** the regular expression translated to JavaScript (see read-go-regexp.ts) */
  regexp: ModuleRegexp;
  allowMissing: boolean;
}

/** A regular expression from the file: what was written, and the JavaScript source and flags it became. */
export interface ModuleRegexp {
  /** as written in the file (Go RE2 syntax), for logs and debug output */
  original: string;
  source: string;
  flags: string;
}

export interface HttpModule {
  /** empty: any 2xx (blackbox's default) */
  validStatusCodes: number[];
  /** e.g. ["HTTP/1.1"]; empty: any */
  validHttpVersions: string[];
  /** upper-cased; default GET */
  method: string;
  /** request headers as written (a `Host` entry sets the Host header and the default SNI) */
  headers: Record<string, string>;
  body?: string;
  failIfSsl: boolean;
  failIfNotSsl: boolean;
  failIfBodyMatchesRegexp: ModuleRegexp[];
  failIfBodyNotMatchesRegexp: ModuleRegexp[];
  failIfHeaderMatches: HeaderMatchSpec[];
  failIfHeaderNotMatches: HeaderMatchSpec[];
  /** default ip6, as blackbox */
  preferredIpProtocol: 'ip4' | 'ip6';
  /** default true */
  ipProtocolFallback: boolean;
  /** default true (up to 10 redirects); `follow_redirects: false` or `no_follow_redirects: true` turn it off */
  followRedirects: boolean;
  /** offer h2 as well as http/1.1 in TLS handshakes; default true, as in blackbox (prometheus/common) */
  enableHttp2: boolean;
  tls: {
    insecureSkipVerify: boolean;
    /** absolute path (relative paths are taken against the configuration file's folder) */
    caFile?: string;
    serverName?: string;
  };
}

export interface ProbeModule {
  name: string;
  prober: 'http';
  /** the module's own limit; absent: only Prometheus's scrape timeout (or 120 s) bounds the probe */
  timeoutMs?: number;
  http: HttpModule;
}
