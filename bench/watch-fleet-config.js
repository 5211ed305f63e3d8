/** Origins in the generated configuration: names for the same nginx, so the per-origin caps take part. */
const ORIGINS = 10;

/**
 * A configuration of `targets` targets on the bench nginx: sites of one URL each, probed through the edge
 * (a fixed resolve answer) and pinned to one of ORIGINS origin names, every one the same nginx.
 */
export function renderWatchFleetConfig(server, options) {
  const sites = Math.ceil(options.targets / 2);
  const lines = ['origins:'];
  for (let i = 0; i < ORIGINS; i += 1) lines.push(`  web${i}: "${server.address}:${server.port}"`);
  lines.push('resolve:', `  ${server.hostname}: ${server.address}`, `ca: "${server.caCertPath}"`, 'sites:');
  for (let i = 0; i < sites; i += 1) {
    // An odd target count leaves the last site without its origin.
    const origins = i * 2 + 1 < options.targets ? `, origins: [web${i % ORIGINS}]` : '';
    lines.push(`  s${i}: { url: "${server.url}s${i}", expect: { status: 200 }${origins} }`);
  }
  lines.push(
    'watch:',
    `  interval: ${options.intervalS}s`,
    '  burst: 1',
    '  timeout: 10s',
    '  concurrency: 64',
    '  origin_concurrency: 32',
  );
  return `${lines.join('\n')}\n`;
}
