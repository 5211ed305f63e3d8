import { html, type SafeHtml } from './html.js';
import { SHAPE_SYMBOLS } from './render-shapes.js';

/** The scripts the build writes, one per page: each adds the live parts to its server-rendered page. */
export type PageScript = 'fleet' | 'target' | 'incident' | 'changes';

export interface PageShell {
  title: string;
  script: PageScript;
  /** `/assets/NAME` -> the same path with a content hash query, so a new release is never served stale */
  asset: (name: string) => string;
  main: SafeHtml;
  version: string;
}

/**
 * A whole page: no inline script or style and nothing from another origin, so the strict
 * Content-Security-Policy the server sends holds; the page reads fine before (or without) its script.
 */
export function renderPage(shell: PageShell): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title} · frontdoor</title>
<link rel="stylesheet" href="${shell.asset('dashboard.css')}">
<script type="module" src="${shell.asset(`${shell.script}.js`)}"></script>
</head>
<body>
<a class="skip" href="#main-start">Skip to content</a>
<header class="top"><a class="brand" href="/">frontdoor</a><nav aria-label="Views"><a href="/">fleet</a> <a href="/incidents">incidents</a> <a href="/changes">changes</a></nav></header>
${SHAPE_SYMBOLS}
<div id="main-start"></div>
${shell.main}
<footer class="foot">frontdoor ${shell.version} · <a href="/api/v1/openapi.json">API</a></footer>
</body>
</html>
`.html;
}
