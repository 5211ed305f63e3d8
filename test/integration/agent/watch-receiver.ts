import { createServer, type Server } from 'node:http';
import { type DeployMark, deployMarkSchema } from '../../../src/incidents/deploy-mark.js';
import { type HostEvent, hostEventBatchSchema } from '../../../src/incidents/host-event.js';
import { allocateLoopbackAddress, findFreePort } from '../../../src/lab/loopback.js';

/** One request as it arrived. */
export interface ReceivedBatch {
  authorization: string | undefined;
  sequences: number[];
}

export interface WatchReceiver {
  /** http://ADDRESS:PORT, the agent's --server */
  url: string;
  /** every event once, by (origin, sequence), in the order first received */
  events: HostEvent[];
  /** every POST /api/v1/events, resends included */
  batches: ReceivedBatch[];
  /** events received again (same origin and sequence) */
  duplicates: number;
  marks: { authorization: string | undefined; mark: DeployMark }[];
  /** the watch goes away: the port refuses connections until start() */
  stop(): Promise<void>;
  /** the watch comes back on the same address and port */
  start(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * A stand-in for the watch's `POST /api/v1/events` and `POST /api/v1/deploys`, for tests only: it validates
 * with the contract's schemas and keeps one event per (origin, sequence), as the server is told to in
 * docs/agent.md, counting the resends it ignored.
 */
export async function startWatchReceiver(): Promise<WatchReceiver> {
  const address = allocateLoopbackAddress();
  const port = await findFreePort(address);
  const seen = new Set<string>();
  let server: Server | undefined;
  const receiver: WatchReceiver = {
    url: `http://${address}:${port}`,
    events: [],
    batches: [],
    duplicates: 0,
    marks: [],
    stop: async () => {
      const running = server;
      server = undefined;
      if (running === undefined) return;
      running.closeAllConnections();
      await new Promise((resolve) => running.close(resolve));
    },
    start: async () => {
      const created = createServer((req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        req.on('end', () => {
          const answer = (status: number, body: unknown) =>
            res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          if (size > MAX_BODY) return answer(413, { error: 'too large' });
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return answer(400, { error: 'not JSON' });
          }
          const authorization = req.headers.authorization;
          if (req.method === 'POST' && req.url === '/api/v1/deploys') {
            const mark = deployMarkSchema.safeParse(parsed);
            if (!mark.success) return answer(400, { error: mark.error.issues[0]?.message });
            receiver.marks.push({ authorization, mark: mark.data });
            return answer(201, { ok: true });
          }
          if (req.method !== 'POST' || req.url !== '/api/v1/events')
            return answer(404, { error: 'not found' });
          const batch = hostEventBatchSchema.safeParse(parsed);
          if (!batch.success) return answer(400, { error: batch.error.issues[0]?.message });
          receiver.batches.push({ authorization, sequences: batch.data.events.map((e) => e.sequence) });
          let duplicates = 0;
          for (const event of batch.data.events) {
            const key = `${event.origin} ${event.sequence}`;
            if (seen.has(key)) duplicates += 1;
            else receiver.events.push(event);
            seen.add(key);
          }
          receiver.duplicates += duplicates;
          return answer(200, { accepted: batch.data.events.length - duplicates, duplicates });
        });
      });
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(port, address, resolve);
      });
      server = created;
    },
  };
  await receiver.start();
  return receiver;
}
