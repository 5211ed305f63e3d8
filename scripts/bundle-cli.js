import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/bin/: the entry point plus one chunk per
 * command and shared chunks, so `frontdoor check` loads about a dozen files instead of ~120 of its own
 * modules (and ~170 of zod's and yaml's, which it no longer needs for a plain configuration), each resolved,
 * read and linked separately by Node's ESM loader: that was ~100 ms of a one-site run's 330 ms of CPU.
 * Commands still load only when they run (their dynamic imports become chunks). Packages stay outside,
 * loaded from node_modules as before: the watch's (native addons, worker-thread transports) must not be
 * packed, and the check path loads none. tsc stays the compiler of record; this only packs its output.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bin`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { frontdoor: `${root}dist/cli/main.js` },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // Chained to tsc's maps, so FRONTDOOR_DEBUG stack traces under --enable-source-maps name src/ lines.
  sourcemap: 'linked',
  logLevel: 'warning',
});
