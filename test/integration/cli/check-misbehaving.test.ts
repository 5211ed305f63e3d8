import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { type ServedServer, serveOnLoopback } from '../probe/serve-on-loopback.js';
import { buildCli, CLI_PATH, REPO_ROOT, runBuiltCli } from './run-built-cli.js';

const servers: ServedServer[] = [];
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  await buildCli();
});

afterEach(async () => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A raw TCP server on its own loopback address that answers the first request bytes with `answer`. */
async function serveRaw(answer: (socket: Socket) => void): Promise<string> {
  const served = await serveOnLoopback(
    createServer((socket) => socket.once('data', () => answer(socket))),
    allocateLoopbackAddress(),
  );
  servers.push(served);
  return `http://${served.address}:${served.port}/health`;
}

/** Writes `chunk` every few ms until the client goes away: a body or header block without end. */
function dripForever(socket: Socket, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  timers.add(timer);
}

describe('frontdoor check against servers that misbehave', () => {
  it('gives every misbehaving server a recorded verdict within the timeout, in one run', async () => {
    const urls = {
      garbage: await serveRaw((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n')),
      silent: await serveRaw(() => undefined),
      stalled: await serveRaw((socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhalf')),
      reset: await serveRaw((socket) => socket.resetAndDestroy()),
      hugeHeaders: await serveRaw((socket) =>
        socket.end(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(200_000)}\r\n\r\n`),
      ),
      endlessHeaders: await serveRaw((socket) => {
        socket.write('HTTP/1.1 200 OK\r\n');
        dripForever(socket, 'x-more: yes\r\n', 20);
      }),
      endlessBody: await serveRaw((socket) => {
        socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
        dripForever(socket, `4000\r\n${'x'.repeat(0x4000)}\r\n`, 1);
      }),
    };
    const started = performance.now();
    const run = await runBuiltCli(['check', ...Object.values(urls), '--timeout', '2s', '--json']);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const verdicts = Object.fromEntries(
      report.results.map((result: { url: string; verdict: string; layer: string; status: number | null }) => [
        Object.entries(urls).find(([, url]) => url === result.url)?.[0],
        [result.verdict, result.layer, result.status],
      ]),
    );
    expect(verdicts).toEqual({
      garbage: ['protocol_error', 'http', null],
      silent: ['response_timeout', 'http', null],
      // The head arrived, so its status is reported with the stall.
      stalled: ['response_timeout', 'http', 200],
      reset: ['protocol_error', 'http', null],
      hugeHeaders: ['protocol_error', 'http', null],
      endlessHeaders: ['response_timeout', 'http', null],
      // An endless body is read up to the 1 MiB cap, which is no failure: the answer itself was fine.
      endlessBody: ['ok', '-', 200],
    });
    for (const result of report.results) {
      expect(result.summary).not.toBe('');
      expect(result.timings.total).toBeLessThan(5_000);
    }
  });

  it('stops quietly when the reader of its output goes away (| head), keeping the exit status', async () => {
    const url = await serveRaw((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
    const child = spawn(process.execPath, [CLI_PATH, 'check', url, '--json'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // The reader is gone before the report is written, as when `head` has already exited.
    child.stdout.destroy();
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    clearTimeout(killer);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
