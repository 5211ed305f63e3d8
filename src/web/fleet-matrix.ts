import { countFleet, type FleetCounts } from './count-fleet.js';
import type { FleetFilters } from './fleet-filters.js';
import type { FleetTarget } from './fleet-target.js';

/** Rows per page: enough to scan, few enough that the first paint stays small at 2,000 hostnames. */
export const PAGE_ROWS = 100;

/** One hostname of one site: a row, with a cell per column (null where the site is not served there). */
export interface MatrixRow {
  /** `site|hostname`, unique in the matrix */
  key: string;
  hostname: string;
  cells: Array<FleetTarget | null>;
}

/** The rows of one site in one environment, shown under one header. */
export interface MatrixGroup {
  environment: string | null;
  site: string | null;
  rows: MatrixRow[];
}

export interface FleetMatrix {
  /** `edge` first, then the origins in natural order (web2 before web10) */
  columns: string[];
  /** this page's groups */
  groups: MatrixGroup[];
  /** rows after filtering, over every page */
  rowCount: number;
  page: number;
  pages: number;
  /** every value each filter can take, over the whole fleet */
  choices: { environments: string[]; sites: string[]; paths: string[] };
  counts: FleetCounts;
}

const naturally = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function pathOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'edge') return -1;
  if (b === 'edge') return 1;
  return naturally(a, b);
}

/** Null sorts last: sites without an environment come after every named one. */
function byName(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return naturally(a, b);
}

/**
 * The fleet as a matrix: hostnames (rows, grouped by environment and site, in the order the configuration
 * lists them) by path (`edge` and each origin). Filters narrow rows by environment, site and the layer a
 * visible cell fails in, and columns by path; the result is cut to `filters.page`.
 */
export function buildFleetMatrix(targets: readonly FleetTarget[], filters: FleetFilters): FleetMatrix {
  const allPaths = [...new Set(targets.map((target) => target.via))].sort(pathOrder);
  const columns =
    filters.paths.length === 0 ? allPaths : allPaths.filter((path) => filters.paths.includes(path));
  const columnIndex = new Map(columns.map((path, index) => [path, index]));
  const wanted = (list: readonly string[], value: string | null) =>
    list.length === 0 || list.includes(value ?? '');

  const groups = new Map<string, MatrixGroup>();
  const rows = new Map<string, MatrixRow>();
  for (const target of targets) {
    if (!wanted(filters.environments, target.environment) || !wanted(filters.sites, target.site)) continue;
    const column = columnIndex.get(target.via);
    if (column === undefined) continue;
    const groupKey = `${target.environment ?? ''}\u0000${target.site ?? ''}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { environment: target.environment, site: target.site, rows: [] };
      groups.set(groupKey, group);
    }
    const rowKey = `${target.site ?? ''}|${target.hostname}`;
    let row = rows.get(rowKey);
    if (row === undefined) {
      row = { key: rowKey, hostname: target.hostname, cells: columns.map(() => null) };
      rows.set(rowKey, row);
      group.rows.push(row);
    }
    row.cells[column] = target;
  }

  const layerWanted = (row: MatrixRow) =>
    filters.layers.length === 0 ||
    row.cells.some((cell) => cell?.latest != null && filters.layers.includes(cell.latest.layer));
  const ordered = [...groups.values()]
    .sort((a, b) => byName(a.environment, b.environment) || byName(a.site, b.site))
    .map((group) => ({ ...group, rows: group.rows.filter(layerWanted) }))
    .filter((group) => group.rows.length > 0);

  const rowCount = ordered.reduce((sum, group) => sum + group.rows.length, 0);
  const pages = Math.max(1, Math.ceil(rowCount / PAGE_ROWS));
  const page = Math.min(filters.page, pages);
  return {
    columns,
    groups: slicePage(ordered, (page - 1) * PAGE_ROWS, PAGE_ROWS),
    rowCount,
    page,
    pages,
    choices: {
      environments: [...new Set(targets.flatMap((target) => target.environment ?? []))].sort(naturally),
      sites: [...new Set(targets.flatMap((target) => target.site ?? []))].sort(naturally),
      paths: allPaths,
    },
    counts: countFleet(targets.map((target) => target.latest?.verdict)),
  };
}

/** Rows [start, start + count) of the groups in order, each group keeping its header. */
function slicePage(groups: readonly MatrixGroup[], start: number, count: number): MatrixGroup[] {
  const out: MatrixGroup[] = [];
  let seen = 0;
  for (const group of groups) {
    const from = Math.max(0, start - seen);
    const to = Math.min(group.rows.length, start + count - seen);
    if (to > from) out.push({ ...group, rows: group.rows.slice(from, to) });
    seen += group.rows.length;
    if (seen >= start + count) break;
  }
  return out;
}
