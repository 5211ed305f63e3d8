import { createTlsSettings } from '../dist/probe/tls-settings.js';
import { parseBenchOptions } from './bench-options.js';
import { startBenchServer } from './bench-server.js';
import { createCleanupStack, stopOnSignals } from './cleanup-stack.js';
import { driveConcurrent } from './drive-concurrent.js';
import { createFrontdoorProbe } from './frontdoor-probe.js';

/**
 * Only frontdoor's probes against the bench nginx, for a CPU profile without the other contenders in it:
 *   node --cpu-prof --cpu-prof-dir=/tmp/frontdoor-prof bench/profile-probe.js --count 5000
 *   node bench/summarize-profile.js /tmp/frontdoor-prof/*.cpuprofile
 */
async function main() {
  const options = parseBenchOptions(process.argv.slice(2));
  const cleanup = createCleanupStack();
  stopOnSignals(cleanup);
  try {
    const server = await startBenchServer(cleanup);
    const tls = await createTlsSettings({ caFiles: [server.caCertPath] });
    const frontdoor = createFrontdoorProbe(server, tls);
    const limits = { count: options.count, durationMs: options.durationMs, concurrency: options.concurrency };
    const result = await driveConcurrent(limits, frontdoor.probeOnce);
    console.log(
      `${result.probes} probes, ${result.failed} failed, ${(result.elapsedMs / 1000).toFixed(2)} s`,
    );
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error) => {
  process.stderr.write(`profile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
