import { isIP } from 'node:net';
import type { NginxConfigTree } from './nginx-directive.js';
import { parseListen } from './parse-listen.js';
import { childrenNamed } from './single-argument.js';

/** Every address a hostname resolves to, as getaddrinfo gives them to nginx at start. */
export type ResolveListenHost = (host: string) => Promise<string[]>;

/**
 * Hostnames looked up per tree: real trees write one or two ("localhost"); a generated tree with
 * thousands must not become thousands of DNS queries. The rest stay as written.
 */
export const MAX_LISTEN_HOSTS = 64;

/** The hostnames written in `listen` directives ("localhost:8080"), once each, in order. */
export function collectListenHosts(tree: NginxConfigTree): string[] {
  const hosts = new Set<string>();
  for (const context of ['http', 'stream']) {
    for (const block of childrenNamed(tree.directives, context)) {
      for (const server of childrenNamed(block.block ?? [], 'server')) {
        for (const directive of childrenNamed(server.block ?? [], 'listen')) {
          let address: string | undefined;
          try {
            address = parseListen(directive).address;
          } catch {
            // A malformed listen is reported where the inventory reads it.
            continue;
          }
          if (address !== undefined && address !== '*' && isIP(address) === 0) hosts.add(address);
        }
      }
    }
  }
  return [...hosts];
}

/**
 * What nginx makes of a hostname in `listen`: it resolves it when it starts and listens on every address
 * it gets, so `listen localhost:8080` and `listen 127.0.0.1:8080` are one socket. Returns hostname to
 * addresses for the first MAX_LISTEN_HOSTS names; one that does not resolve is left out and stays as
 * written (nginx itself refuses it: host not found).
 */
export async function resolveListenHosts(
  tree: NginxConfigTree,
  resolve: ResolveListenHost,
): Promise<Map<string, string[]>> {
  const hosts = collectListenHosts(tree).slice(0, MAX_LISTEN_HOSTS);
  const answers = await Promise.all(
    hosts.map(async (host) => {
      try {
        const addresses = (await resolve(host)).filter((address) => isIP(address) !== 0);
        return [host, [...new Set(addresses)]] as const;
      } catch {
        return [host, []] as const;
      }
    }),
  );
  return new Map(answers.filter(([, addresses]) => addresses.length > 0).map(([h, a]) => [h, [...a]]));
}
