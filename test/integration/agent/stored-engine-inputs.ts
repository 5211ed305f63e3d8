import type { EngineInput } from '../../../src/incidents/engine-input.js';
import { openSqliteStore } from '../../../src/store/open-sqlite-store.js';
import { readBatches } from '../../../src/store/read-batches.js';
import { readEventsAfter, type TimelineEntry } from '../../../src/store/read-events.js';

const PAGE = 500;

/**
 * What a stopped `frontdoor serve` stored, as the incident engine's inputs in the order they happened:
 * its round batches and the change timeline (each agent post one `host_events` input, each deploy mark one
 * `deploy` input), merged by the watch's own clock. Written one per line, this is a `frontdoor replay` file.
 * Read only once serve has exited: opening the store applies pending migrations.
 */
export async function readStoredEngineInputs(path: string): Promise<EngineInput[]> {
  const store = await openSqliteStore(path);
  try {
    const inputs: EngineInput[] = [];
    for (let afterId = 0; ; ) {
      const page = await readBatches(store, { afterId, limit: PAGE });
      inputs.push(...page.map((stored) => stored.batch));
      const last = page.at(-1);
      if (last === undefined) break;
      afterId = last.id;
    }
    const entries: TimelineEntry[] = [];
    for (let afterId = 0; ; ) {
      const page = await readEventsAfter(store, afterId, PAGE);
      entries.push(...page);
      const last = page.at(-1);
      if (last === undefined) break;
      afterId = last.id;
    }
    inputs.push(...toChangeInputs(entries));
    // A stable sort: batches stay in their stored order, and so do the posts.
    return inputs.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  } finally {
    await store.close();
  }
}

/** One `host_events` input per post (same origin, source and receipt time), one `deploy` per mark. */
function toChangeInputs(entries: readonly TimelineEntry[]): EngineInput[] {
  const inputs: EngineInput[] = [];
  let post: { source: string; input: Extract<EngineInput, { type: 'host_events' }> } | undefined;
  for (const entry of entries) {
    if (entry.kind === 'deploy') {
      post = undefined;
      inputs.push({ type: 'deploy', at: entry.receivedAt, id: String(entry.id), mark: entry.mark });
      continue;
    }
    const same =
      post !== undefined &&
      post.source === entry.source &&
      post.input.at === entry.receivedAt &&
      post.input.origin === entry.event.origin;
    if (same && post !== undefined) {
      post.input.events.push(entry.event);
      continue;
    }
    post = {
      source: entry.source,
      input: { type: 'host_events', at: entry.receivedAt, origin: entry.event.origin, events: [entry.event] },
    };
    inputs.push(post.input);
  }
  return inputs;
}
