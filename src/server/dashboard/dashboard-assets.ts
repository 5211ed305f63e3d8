import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One built file of the page, held in memory: they are few and small. */
export interface DashboardAsset {
  body: Buffer;
  type: string;
  etag: string;
}

export interface DashboardAssets {
  get(name: string): DashboardAsset | undefined;
  /** `/assets/NAME?v=HASH`, so a browser never keeps a stale script across releases */
  href(name: string): string;
  /** the folder read, for the log line when it is empty */
  dir: string;
  count: number;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Where `npm run build` writes the page's assets: dist/web/assets beside dist/server. */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../web/assets/', import.meta.url));
}

/**
 * Reads the built assets once. A missing folder (sources run without a build) gives no assets: the
 * pages still render, readable without script or style, and serve logs it.
 */
export function loadDashboardAssets(dir: string = defaultAssetsDir()): DashboardAssets {
  const assets = new Map<string, DashboardAsset>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    names = [];
  }
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(join(dir, name));
    const etag = createHash('sha256').update(body).digest('base64url').slice(0, 16);
    assets.set(name, { body, type, etag });
  }
  return {
    get: (name) => assets.get(name),
    href: (name) => {
      const asset = assets.get(name);
      return asset === undefined ? `/assets/${name}` : `/assets/${name}?v=${asset.etag}`;
    },
    dir,
    count: assets.size,
  };
}
