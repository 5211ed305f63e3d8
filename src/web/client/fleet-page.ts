import type { FleetCounts } from '../count-fleet.js';
import type { FleetTarget, LatestRound } from '../fleet-target.js';
import type { IncidentEntry } from '../incident-entry.js';
import { renderCellLink, renderIncidentBanners } from '../render-fleet.js';
import { enableGridKeys } from './grid-keys.js';
import { openLiveStream, showLiveState } from './live-stream.js';
import { submitOnChange } from './submit-on-change.js';

/**
 * The fleet page's live parts: cells and counts follow the `targets` events, banners the `incidents`
 * events, and a `reset` (the stream restarted, or this page fell behind it) reloads both from the API.
 * With a layer filter, which rows belong on the page changes with the verdicts: the matrix is fetched
 * again instead, so a hostname that starts failing at that layer appears and one that recovers leaves.
 * Filters apply as soon as one is chosen. Everything else was rendered by the server.
 */
function start(): void {
  const main = document.getElementById('fleet');
  if (main === null || !(matrixTable() instanceof HTMLTableElement)) return;
  const table = () => matrixTable() as HTMLTableElement;
  enableGridKeys(table());

  submitOnChange(document.getElementById('filters'));
  const byLayer = new URLSearchParams(window.location.search)
    .getAll('layer')
    .some((layer) => layer.trim() !== '');
  const refreshMatrix = createMatrixRefresher();

  openLiveStream(main.dataset.streamPosition ?? '', {
    onState: showLiveState,
    on: {
      targets: (data) => {
        const event = data as { targets: Array<{ id: string; latest: LatestRound }>; counts: FleetCounts };
        for (const { id, latest } of event.targets) updateCell(table(), id, latest);
        showCounts(event.counts);
        if (byLayer) refreshMatrix();
      },
      incidents: (data) => showIncidents((data as { open: IncidentEntry[] }).open),
      reset: () => {
        void reload(table());
        if (byLayer) refreshMatrix();
      },
    },
  });
}

function matrixTable(): HTMLElement | null {
  return document.getElementById('matrix');
}

/**
 * Fetches this page again and swaps in its matrix, empty note and pager, keeping the focused cell when it
 * is still there. One fetch at a time, and one more after it when events arrived meanwhile: a round
 * sends many.
 */
function createMatrixRefresher(): () => void {
  let running: Promise<void> | undefined;
  let again = false;
  const refresh = (): void => {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = replaceMatrix().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        refresh();
      }
    });
  };
  return refresh;
}

async function replaceMatrix(): Promise<void> {
  try {
    const response = await fetch(window.location.href, { headers: { accept: 'text/html' } });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const fresh = page.getElementById('matrix-area');
    const current = document.getElementById('matrix-area');
    if (fresh === null || current === null) return;
    const focused = document.activeElement?.closest('td')?.dataset.id;
    current.replaceWith(document.importNode(fresh, true));
    const table = matrixTable();
    if (!(table instanceof HTMLTableElement)) return;
    enableGridKeys(table);
    if (focused !== undefined)
      table.querySelector<HTMLAnchorElement>(`td[data-id="${CSS.escape(focused)}"] a.cell`)?.focus();
  } catch (error) {
    console.error('frontdoor: could not fetch the filtered matrix', error);
  }
}

function updateCell(table: HTMLTableElement, id: string, latest: LatestRound | null): void {
  const cell = table.querySelector<HTMLTableCellElement>(`td[data-id="${CSS.escape(id)}"]`);
  if (cell === null) return;
  const old = cell.querySelector<HTMLAnchorElement>('a.cell');
  const hadFocus = old !== null && document.activeElement === old;
  const tabIndex = old?.tabIndex ?? -1;
  cell.innerHTML = renderCellLink({ id, name: cell.dataset.name ?? id, latest }).html;
  const link = cell.querySelector<HTMLAnchorElement>('a.cell');
  if (link === null) return;
  link.tabIndex = tabIndex;
  if (hadFocus) link.focus();
  if (old?.dataset.verdict !== link.dataset.verdict) link.classList.add('just-changed');
}

function showCounts(counts: FleetCounts): void {
  for (const [name, value] of Object.entries(counts)) {
    const element = document.querySelector(`[data-count="${name}"]`);
    if (element !== null) element.textContent = String(value);
  }
}

function showIncidents(open: IncidentEntry[]): void {
  const banners = document.getElementById('incident-banners');
  if (banners !== null) banners.innerHTML = renderIncidentBanners(open, Date.now()).html;
}

/** After a reset: every cell and the banners from the API, as a reload would show them. */
async function reload(table: HTMLTableElement): Promise<void> {
  const listed = (await (await fetch('/api/v1/targets')).json()) as { targets: FleetTarget[] };
  for (const target of listed.targets) updateCell(table, target.id, target.latest);
  const incidents = await fetch('/api/v1/incidents?state=open');
  if (incidents.ok) showIncidents(((await incidents.json()) as { incidents: IncidentEntry[] }).incidents);
}

start();
