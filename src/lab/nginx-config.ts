import { join } from 'node:path';
import type { ListenEndpoint } from './wait-for-listen.js';

export interface NginxLayout {
  prefix: string;
  configPath: string;
  pidPath: string;
  errorLogPath: string;
  accessLogPath: string;
}

export function layoutNginxPrefix(prefix: string): NginxLayout {
  return {
    prefix,
    configPath: join(prefix, 'nginx.conf'),
    pidPath: join(prefix, 'nginx.pid'),
    errorLogPath: join(prefix, 'logs', 'error.log'),
    accessLogPath: join(prefix, 'logs', 'access.log'),
  };
}

/**
 * The whole nginx.conf around the caller's http block: everything nginx would otherwise write under /var
 * (pid, logs, temp files) lives in the private prefix. `user` is only valid when the master runs as root.
 */
export function renderNginxConfig(
  layout: NginxLayout,
  httpBlock: string,
  workerUser: string | undefined,
): string {
  const temp = (name: string) => `  ${name}_temp_path ${join(layout.prefix, 'temp', name)};`;
  return [
    ...(workerUser === undefined ? [] : [`user ${workerUser};`]),
    'worker_processes 1;',
    `pid ${layout.pidPath};`,
    `error_log ${layout.errorLogPath} notice;`,
    'events { worker_connections 512; }',
    'http {',
    `  access_log ${layout.accessLogPath};`,
    '  default_type text/plain;',
    temp('client_body'),
    temp('proxy'),
    temp('fastcgi'),
    temp('uwsgi'),
    temp('scgi'),
    httpBlock,
    '}',
    '',
  ].join('\n');
}

const LISTEN_LINE = /(?:^|[;{}])\s*listen\s+([^\s;]+)[^;]*;/g;

/**
 * The endpoints named by `listen` directives, as far as they can be connected to from here: a bare port
 * or `*:port` is checked on 127.0.0.1, `[::]` on ::1. Lines inside comments are skipped.
 */
export function parseListenEndpoints(httpBlock: string): ListenEndpoint[] {
  const text = httpBlock.replace(/#[^\n]*/g, '');
  const seen = new Map<string, ListenEndpoint>();
  for (const match of text.matchAll(LISTEN_LINE)) {
    const endpoint = parseListenValue(match[1] ?? '');
    if (endpoint === undefined) continue;
    const key = endpoint.kind === 'unix' ? endpoint.path : `${endpoint.host} ${endpoint.port}`;
    seen.set(key, endpoint);
  }
  return [...seen.values()];
}

function parseListenValue(value: string): ListenEndpoint | undefined {
  if (value.startsWith('unix:')) return { kind: 'unix', path: value.slice('unix:'.length) };
  if (/^\d+$/.test(value)) return { kind: 'tcp', host: '127.0.0.1', port: Number(value) };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed !== null) {
    const host = bracketed[1] === '::' ? '::1' : (bracketed[1] ?? '::1');
    return { kind: 'tcp', host, port: Number(bracketed[2] ?? 80) };
  }
  const hostPort = /^([^:]+)(?::(\d+))?$/.exec(value);
  if (hostPort === null) return undefined;
  const host = hostPort[1] === '*' || hostPort[1] === '0.0.0.0' ? '127.0.0.1' : (hostPort[1] ?? '127.0.0.1');
  return { kind: 'tcp', host, port: Number(hostPort[2] ?? 80) };
}
