import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/bin/: the entry point plus one chunk per
 * command and shared chunks, so `frontdoor check` loads a handful of files instead of ~280 modules (its
 * own, zod's and yaml's), each resolved, read and linked separately by Node's ESM loader: that was ~100 ms
 * of a one-site run's 330 ms of CPU. Commands still load only when they run (their dynamic imports become
 * chunks). tsc stays the compiler of record; this only packs its output.
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
  // Chained to tsc's maps, so FRONTDOOR_DEBUG stack traces under --enable-source-maps name src/ lines.
  sourcemap: 'linked',
  logLevel: 'warning',
  // yaml ships CommonJS that requires Node's built-ins; an ESM bundle has no `require` of its own.
  banner: {
    js: "import { createRequire as createFrontdoorRequire } from 'node:module'; const require = createFrontdoorRequire(import.meta.url);",
  },
});
