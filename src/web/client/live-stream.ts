/** What the page's live indicator says. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

export interface LiveStreamHandlers {
  /** named events with their JSON data */
  on: Record<string, (data: unknown) => void>;
  onState(state: LiveState): void;
}

/**
 * The dashboard's server-sent events: resumes from the position the page was rendered at (the server reads
 * `lastEventId` on the first request; EventSource sends the Last-Event-ID header on its own reconnects,
 * every 2 s as the server's `retry` asks).
 */
export function openLiveStream(position: string, handlers: LiveStreamHandlers): EventSource {
  const source = new EventSource(`/api/v1/stream?lastEventId=${encodeURIComponent(position)}`);
  handlers.onState('connecting');
  source.addEventListener('open', () => handlers.onState('live'));
  source.addEventListener('error', () => {
    handlers.onState(source.readyState === EventSource.CLOSED ? 'off' : 'reconnecting');
  });
  for (const [name, handle] of Object.entries(handlers.on)) {
    source.addEventListener(name, (event) => {
      try {
        handle(JSON.parse((event as MessageEvent<string>).data));
      } catch (error) {
        console.error(`frontdoor: could not apply a '${name}' event`, error);
      }
    });
  }
  return source;
}

const LIVE_WORDS: Record<LiveState, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live: cells change as the watch sees them.',
  reconnecting: 'Connection lost; reconnecting…',
  off: 'Live updates stopped; reload the page.',
};

/** Shows the stream's state in the page's `#live` element, in the fleet page's words unless given others. */
export function showLiveState(
  state: LiveState,
  words: Readonly<Record<LiveState, string>> = LIVE_WORDS,
): void {
  const element = document.getElementById('live');
  if (element === null) return;
  element.dataset.state = state;
  element.textContent = words[state];
}
