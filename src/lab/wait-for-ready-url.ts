import { setTimeout as sleep } from 'node:timers/promises';
import { FrontdoorError } from '../errors.js';
import { fetchText } from './fetch-text.js';
import { describeProcessEnd, type LabProcess } from './lab-process.js';

/**
 * Polls a readiness URL (Prometheus' /-/ready, blackbox_exporter's /-/healthy) until it answers 200.
 * These servers listen before they are ready (a write-ahead log to replay, a configuration to load), so
 * an accepted connection is not enough. Fails fast with the server's own output if it exits.
 */
export async function waitForReadyUrl(
  server: LabProcess,
  processName: string,
  url: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.hasExited()) {
      throw new FrontdoorError(
        'FD_ERR_LAB',
        describeProcessEnd(processName, await server.exited, server.output()),
      );
    }
    const ready = await fetchText(url, { timeoutMs: 1000 }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) {
      throw new FrontdoorError(
        'FD_ERR_LAB',
        `${processName} at ${url} was not ready within ${timeoutMs} ms: ${server.output().trim()}`,
      );
    }
    await sleep(50);
  }
}
