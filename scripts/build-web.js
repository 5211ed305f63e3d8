// Builds the dashboard's assets into dist/web/assets: one script per page (src/web/client/*-page.ts,
// bundled by esbuild with uPlot where used) and one stylesheet (palette.ts's colours as custom properties,
// then the page's styles and uPlot's). Runs after tsc, since it imports the compiled palette.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/web/assets');
const pages = ['fleet', 'target', 'incident', 'changes'];

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: Object.fromEntries(pages.map((page) => [page, join(root, `src/web/client/${page}-page.ts`)])),
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
const { renderPaletteCss } = await import(join(root, 'dist/web/palette.js'));
const css = [
  renderPaletteCss(),
  await readFile(join(root, 'src/web/styles/dashboard.css'), 'utf8'),
  await readFile(join(root, 'node_modules/uplot/dist/uPlot.min.css'), 'utf8'),
].join('\n');
await writeFile(join(out, 'dashboard.css'), css);
