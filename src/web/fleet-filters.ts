import type { Layer } from '../diagnose/verdict.js';

/** The fleet view's filters, kept in the URL's query so a view can be shared: `?env=production&origin=web1`. */
export interface FleetFilters {
  environments: string[];
  sites: string[];
  /** columns: `edge` and origin names */
  paths: string[];
  layers: Layer[];
  /** 1-based */
  page: number;
}

export const FILTER_LAYERS: readonly Layer[] = [
  'dns',
  'connect',
  'tls',
  'http',
  'edge',
  'proxy',
  'app',
  'content',
  'host',
];

const PARAMS = { environments: 'env', sites: 'site', paths: 'origin', layers: 'layer' } as const;

/** The highest page number a URL may ask for; anything larger is clamped to the last page anyway. */
const MAX_PAGE = 100_000;

/**
 * Reads filters from a query string. Repeated parameters (`?origin=web1&origin=web2`) select several
 * values; empty values and unknown layers are ignored, so a hand-edited URL never fails.
 */
export function readFleetFilters(query: URLSearchParams): FleetFilters {
  const values = (name: string) =>
    [...new Set(query.getAll(name).map((value) => value.trim()))].filter((value) => value !== '');
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return {
    environments: values(PARAMS.environments),
    sites: values(PARAMS.sites),
    paths: values(PARAMS.paths),
    layers: values(PARAMS.layers).filter((value): value is Layer =>
      (FILTER_LAYERS as readonly string[]).includes(value),
    ),
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** The query string of `filters` (without `?`), page 1 left out. */
export function writeFleetFilters(filters: FleetFilters): string {
  const query = new URLSearchParams();
  for (const [key, name] of Object.entries(PARAMS) as Array<[keyof typeof PARAMS, string]>) {
    for (const value of filters[key]) query.append(name, value);
  }
  if (filters.page > 1) query.set('page', String(filters.page));
  return query.toString();
}

export function hasFilters(filters: FleetFilters): boolean {
  return (
    filters.environments.length + filters.sites.length + filters.paths.length + filters.layers.length > 0
  );
}
