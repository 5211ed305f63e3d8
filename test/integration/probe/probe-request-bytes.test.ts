import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

/** A listener that keeps every byte it receives (as latin1, one character per byte) and answers 200. */
interface RecordingListener {
  url: string;
  served: ServedServer;
  received: () => string;
}

describe('the request bytes a probe writes', () => {
  const servers: ServedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function listenRecording(): Promise<RecordingListener> {
    let received = '';
    const server = createNetServer((socket: Socket) => {
      socket.on('data', (data) => {
        received += data.toString('latin1');
        if (received.includes('\r\n\r\n')) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
      });
    });
    const served = await serveOnLoopback(server, allocateLoopbackAddress());
    servers.push(served);
    return { url: `http://${served.address}:${served.port}/`, served, received: () => received };
  }

  it('never writes a header value that latin1 would turn into CR LF: nothing reaches the wire', async () => {
    const listener = await listenRecording();
    const probing = runProbe(
      { url: listener.url, headers: { 'x-token': 'ok\u010d\u010aX-Injected: 1' } },
      await createProbeOptions(),
    );
    await expect(probing).rejects.toMatchObject({
      code: 'FD_ERR_INVALID_REQUEST',
      message: expect.stringContaining('header x-token: U+010D (character 3)'),
    });
    expect(listener.served.remotePorts).toEqual([]);
    expect(listener.received()).toBe('');
  });

  it('writes Latin-1 characters as their one byte, and asks for an unencoded body by default', async () => {
    const listener = await listenRecording();
    const observation = await runProbe(
      { url: listener.url, headers: { 'x-name': 'caf\u00e9' } },
      await createProbeOptions(),
    );
    expect(observation.http?.status).toBe(200);
    const head = listener.received();
    expect(head).toContain('\r\nx-name: caf\xe9\r\n');
    expect(head).toContain('\r\naccept-encoding: identity\r\n');
    expect(head.split('\r\n').filter((line) => /^x-injected/i.test(line))).toEqual([]);
  });

  it("keeps a site's own Accept-Encoding instead of the default", async () => {
    const listener = await listenRecording();
    await runProbe({ url: listener.url, headers: { 'Accept-Encoding': 'gzip' } }, await createProbeOptions());
    const lines = listener.received().split('\r\n');
    expect(lines.filter((line) => line.toLowerCase().startsWith('accept-encoding:'))).toEqual([
      'accept-encoding: gzip',
    ]);
  });
});
