import { type LiveState, openLiveStream, showLiveState } from './live-stream.js';
import { submitOnChange } from './submit-on-change.js';

const WORDS: Record<LiveState, string> = {
  connecting: 'Connecting for live updates…',
  live: 'Live: new changes appear as agents and deploys report them.',
  reconnecting: 'Connection lost; reconnecting…',
  off: 'Live updates stopped; reload the page.',
};

/**
 * The changes page's live part: when an agent or a deploy reports a change (a `changes` event), the newest
 * page takes it in by fetching itself again and putting the new list in place; a page further back only
 * says that newer changes arrived, since its rows are a cursor's and must not move under the reader. The
 * filter form submits as soon as a choice changes. Everything else was rendered by the server.
 */
function start(): void {
  const main = document.getElementById('changes');
  if (main === null) return;
  submitOnChange(main.querySelector('form'));
  const paged = main.dataset.paged === 'yes';
  let refreshing: Promise<void> | undefined;
  let again = false;
  const refresh = (): void => {
    if (paged) {
      const note = document.getElementById('changes-fresh');
      if (note !== null) note.hidden = false;
      return;
    }
    // Changes often come in bursts (an upgrade restarts several services): one fetch at a time, and one
    // more after it when something arrived meanwhile.
    if (refreshing !== undefined) {
      again = true;
      return;
    }
    refreshing = replaceList().finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        refresh();
      }
    });
  };
  openLiveStream(main.dataset.streamPosition ?? '', {
    onState: (state) => showLiveState(state, WORDS),
    on: { changes: refresh, reset: refresh },
  });
}

/** Fetches this page again and swaps in its list and pager, leaving the filters and the live line be. */
async function replaceList(): Promise<void> {
  try {
    const response = await fetch(window.location.href, { headers: { accept: 'text/html' } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('changes-list');
    const current = document.getElementById('changes-list');
    if (fresh !== null && current !== null) current.replaceWith(document.importNode(fresh, true));
  } catch (error) {
    console.error('frontdoor: could not fetch the newest changes', error);
  }
}

start();
