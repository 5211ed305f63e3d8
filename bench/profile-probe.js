import { createTlsSettings } from '../dist/probe/tls-settings.js';
import { probeBareTls } from './bare-tls-loop.js';
import { parseBenchOptions } from './bench-options.js';
import { startBenchServer } from './bench-server.js';
import { createCleanupStack, stopOnSignals } from './cleanup-stack.js';
import { driveConcurrent } from './drive-concurrent.js';
import { createFrontdoorProbe } from './frontdoor-probe.js';

/**
 * One contender's probes against the bench nginx (frontdoor by default, or `bare` for the plain node:tls loop),
 * for a CPU profile without the others in it; compare the two summaries function by function:
 *   node --cpu-prof --cpu-prof-dir=/tmp/frontdoor-prof bench/profile-probe.js frontdoor --count 5000
 *   node bench/summarize-profile.js /tmp/frontdoor-prof/*.cpuprofile
 */
async function main() {
  const [first, ...rest] = process.argv.slice(2);
  const which = first === undefined || first.startsWith('--') ? 'frontdoor' : first;
  if (which !== 'frontdoor' && which !== 'bare')
    throw new Error(`unknown contender '${which}': frontdoor or bare`);
  const options = parseBenchOptions(which === first ? rest : process.argv.slice(2));
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    const server = await startBenchServer(cleanup);
    const tls = await createTlsSettings({ caFiles: [server.caCertPath] });
    const frontdoor = createFrontdoorProbe(server, tls);
    const limits = { count: options.count, durationMs: options.durationMs, concurrency: options.concurrency };
    const probeOnce = which === 'bare' ? () => probeBareTls(server, tls.secureContext) : frontdoor.probeOnce;
    const result = await driveConcurrent(limits, probeOnce);
    console.log(
      `${which}: ${result.probes} probes (pass this count to summarize-profile.js), ${result.failed} failed, ${(result.elapsedMs / 1000).toFixed(2)} s`,
    );
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error) => {
  process.stderr.write(`profile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
