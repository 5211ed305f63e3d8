import { describe, expect, it } from 'vitest';
import { createEventHub, type StreamSink } from './event-hub.js';

interface RecordingSink extends StreamSink {
  full: boolean;
  ended: boolean;
  chunks: string[];
  drain(): void;
  events(): Array<[string | undefined, string | undefined, unknown]>;
}

/** A sink that records what it was sent and is "full" while `full` is true. */
function recordingSink(): RecordingSink {
  const chunks: string[] = [];
  let drain: (() => void) | undefined;
  const sink: RecordingSink = {
    full: false,
    ended: false,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return !sink.full;
    },
    onDrain(listener: () => void) {
      drain = listener;
    },
    end() {
      sink.ended = true;
    },
    drain() {
      sink.full = false;
      drain?.();
    },
    /** the SSE events received, as [id, event, data] */
    events() {
      return chunks
        .join('')
        .split('\n\n')
        .filter((block) => block.includes('event: '))
        .map((block): [string | undefined, string | undefined, unknown] => {
          const field = (name: string) =>
            block
              .split('\n')
              .find((line) => line.startsWith(`${name}: `))
              ?.slice(name.length + 2);
          return [field('id'), field('event'), JSON.parse(field('data') ?? 'null')];
        });
    },
  };
  return sink;
}

/** A hub whose deferred slices run only when the test says so. */
function steppedHub(options: Parameters<typeof createEventHub>[0] = {}) {
  const queue: Array<() => void> = [];
  const hub = createEventHub({ streamId: 'S', defer: (work) => queue.push(work), ...options });
  const runAll = () => {
    while (queue.length > 0) queue.shift()?.();
  };
  return { hub, queue, runAll };
}

describe('the event hub', () => {
  it('sends each event to every client with an id that names the stream', () => {
    const { hub, runAll } = steppedHub();
    const a = recordingSink();
    const b = recordingSink();
    hub.attach(a);
    hub.attach(b);
    hub.publish('targets', { n: 1 });
    hub.publish('targets', { n: 2 });
    runAll();
    expect(a.chunks[0]).toBe('retry: 2000\n\n');
    expect(a.events()).toEqual([
      ['S.1', 'targets', { n: 1 }],
      ['S.2', 'targets', { n: 2 }],
    ]);
    expect(b.events()).toEqual(a.events());
    expect(hub.position()).toBe('S.2');
  });

  it('replays what a client missed after its Last-Event-ID', () => {
    const { hub, runAll } = steppedHub();
    for (let n = 1; n <= 5; n += 1) hub.publish('targets', { n });
    const sink = recordingSink();
    hub.attach(sink, 'S.3');
    runAll();
    expect(sink.events()).toEqual([
      ['S.4', 'targets', { n: 4 }],
      ['S.5', 'targets', { n: 5 }],
    ]);
  });

  it('tells a client to reset when its id is from another run, from the future or older than the buffer', () => {
    const { hub, runAll } = steppedHub({ maxBufferedBytes: 200 });
    for (let n = 1; n <= 20; n += 1) hub.publish('targets', { n });
    for (const id of ['OLD.3', 'S.99', 'S.1', 'garbage']) {
      const sink = recordingSink();
      hub.attach(sink, id);
      runAll();
      expect(sink.events(), id).toEqual([['S.20', 'reset', { reason: expect.any(String) }]]);
    }
    expect(hub.stats().bufferedBytes).toBeLessThanOrEqual(200);
    expect(hub.stats().resets).toBe(4);
  });

  it('sends nothing more to a full socket until it drains, then everything at once', () => {
    const { hub, runAll } = steppedHub();
    const slow = recordingSink();
    const fast = recordingSink();
    hub.attach(slow);
    hub.attach(fast);
    slow.full = true;
    hub.publish('targets', { n: 1 });
    runAll();
    hub.publish('targets', { n: 2 });
    hub.publish('targets', { n: 3 });
    runAll();
    expect(slow.events()).toEqual([['S.1', 'targets', { n: 1 }]]);
    expect(fast.events()).toHaveLength(3);
    slow.drain();
    expect(slow.events().map(([id]) => id)).toEqual(['S.1', 'S.2', 'S.3']);
  });

  it('resets a stalled client that fell off the buffer instead of keeping its backlog', () => {
    const { hub, runAll } = steppedHub({ maxBufferedBytes: 300 });
    const stalled = recordingSink();
    hub.attach(stalled);
    stalled.full = true;
    hub.publish('targets', { n: 0 });
    runAll();
    for (let n = 1; n <= 30; n += 1) hub.publish('targets', { n });
    runAll();
    stalled.drain();
    const events = stalled.events();
    expect(events.at(-1)).toEqual(['S.31', 'reset', { reason: 'fell behind the replay buffer' }]);
    hub.publish('targets', { n: 31 });
    runAll();
    expect(stalled.events().at(-1)).toEqual(['S.32', 'targets', { n: 31 }]);
  });

  it('writes to many clients a slice per turn of the event loop', () => {
    const { hub, queue, runAll } = steppedHub({ sliceSize: 10 });
    const sinks = Array.from({ length: 35 }, () => recordingSink());
    for (const sink of sinks) hub.attach(sink);
    hub.publish('targets', { n: 1 });
    // The first slice runs at once; the other three wait for later turns.
    expect(sinks.filter((sink) => sink.events().length === 1)).toHaveLength(10);
    expect(queue).toHaveLength(1);
    runAll();
    expect(sinks.every((sink) => sink.events().length === 1)).toBe(true);
  });

  it('refuses clients beyond its limit, forgets detached ones and ends every stream on close', () => {
    const { hub } = steppedHub({ maxClients: 2 });
    const a = recordingSink();
    const detach = hub.attach(a);
    expect(hub.attach(recordingSink())).toBeDefined();
    expect(hub.attach(recordingSink())).toBeUndefined();
    detach?.();
    expect(hub.stats().clients).toBe(1);
    hub.heartbeat();
    hub.close();
    expect(a.ended).toBe(false);
    expect(hub.stats().clients).toBe(0);
    expect(hub.attach(recordingSink())).toBeUndefined();
  });
});
