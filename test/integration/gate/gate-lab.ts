import { writeFile } from 'node:fs/promises';

export const SHOP_HOST = 'shop.verify.test';

export interface Door {
  address: string;
  port: number;
}

/**
 * nginx `http {}` contents for plain-http doors: a default server answering 400 "Invalid Hostname" (so an
 * unrouted name gets another answer than the shop) and the shop's server, which either proxies to an app
 * backend or answers /health itself with `version`.
 */
export function renderDoorsBlock(options: { doors: Door[]; upstream?: Door; version?: string }): string {
  const health =
    options.upstream === undefined
      ? `location = /health { add_header x-app-version ${options.version ?? 'v1'} always; return 200 "ok\\n"; }`
      : `location / { proxy_pass http://${options.upstream.address}:${options.upstream.port}; }`;
  return options.doors
    .map(
      ({ address, port }) => `
      server {
        listen ${address}:${port} default_server;
        return 400 "Bad Request - Invalid Hostname\\n";
      }
      server {
        listen ${address}:${port};
        server_name ${SHOP_HOST} www.${SHOP_HOST};
        ${health}
      }`,
    )
    .join('\n');
}

/** A one-site configuration: the edge is door 0 (through a fixed resolve answer), each door is an origin. */
export async function writeDoorsConfig(path: string, doors: Door[]): Promise<void> {
  const [edge] = doors;
  if (edge === undefined) throw new RangeError('writeDoorsConfig needs a door');
  const lines = [
    'origins:',
    ...doors.map((door, index) => `  web${index + 1}: "${door.address}:${door.port}"`),
    'resolve:',
    `  ${SHOP_HOST}: ${edge.address}`,
    `  www.${SHOP_HOST}: ${edge.address}`,
    'sites:',
    '  shop:',
    `    url: http://${SHOP_HOST}:${edge.port}/health`,
    `    aliases: [www.${SHOP_HOST}]`,
    `    origins: [${doors.map((_, index) => `web${index + 1}`).join(', ')}]`,
    '',
  ];
  await writeFile(path, lines.join('\n'));
}
