import { describe, expect, it } from 'vitest';
import type { Layer, Verdict } from '../diagnose/verdict.js';
import { readFleetFilters, writeFleetFilters } from './fleet-filters.js';
import { buildFleetMatrix, PAGE_ROWS } from './fleet-matrix.js';
import type { FleetTarget } from './fleet-target.js';

/** A target of `site` on `via`, its latest round `verdict` at `layer` (null: not probed yet). */
function target(
  site: string,
  hostname: string,
  via: string,
  environment: string | null,
  verdict: [Verdict, Layer] | null = ['ok', 'content'],
): FleetTarget {
  return {
    id: `${site}:${hostname}@${via}`,
    name: `${hostname} via ${via}`,
    url: `https://${hostname}/`,
    hostname,
    via,
    site,
    origin: via === 'edge' ? null : via,
    environment,
    intervalMs: 30_000,
    latest:
      verdict === null
        ? null
        : {
            at: '2026-11-23T04:00:00.000Z',
            reason: 'scheduled',
            verdict: verdict[0],
            layer: verdict[1],
            summary: verdict[0],
            status: null,
            timings: { total: 1 },
            burst: null,
          },
  };
}

const filters = (query: string) => readFleetFilters(new URLSearchParams(query));
const hostsOf = (matrix: ReturnType<typeof buildFleetMatrix>) =>
  matrix.groups.flatMap((group) => group.rows.map((row) => row.hostname));

// Incident 000 on a small fleet: web1 refuses, web2 serves, acceptance lives on web2 alone.
const FLEET: FleetTarget[] = [
  target('shop', 'shop.example.test', 'edge', 'production', ['edge_origin_unreachable', 'edge']),
  target('shop', 'shop.example.test', 'web10', 'production'),
  target('shop', 'shop.example.test', 'web1', 'production', ['connect_refused', 'connect']),
  target('shop', 'shop.example.test', 'web2', 'production'),
  target('blog', 'blog.example.test', 'edge', 'production'),
  target('blog', 'blog.example.test', 'web2', 'production'),
  target('api', 'api.example.test', 'edge', 'acceptance', null),
  target('api', 'api.example.test', 'web2', 'acceptance'),
  target('lab', 'lab.example.test', 'web2', null),
];

describe('the fleet matrix', () => {
  it('puts edge first and the origins in natural order, and groups rows by environment, then site', () => {
    const matrix = buildFleetMatrix(FLEET, filters(''));
    expect(matrix.columns).toEqual(['edge', 'web1', 'web2', 'web10']);
    expect(matrix.groups.map((group) => [group.environment, group.site])).toEqual([
      ['acceptance', 'api'],
      ['production', 'blog'],
      ['production', 'shop'],
      [null, 'lab'],
    ]);
    const shop = matrix.groups[2]?.rows[0];
    expect(shop?.cells.map((cell) => cell?.latest?.verdict ?? null)).toEqual([
      'edge_origin_unreachable',
      'connect_refused',
      'ok',
      'ok',
    ]);
    // blog is not served by web1 or web10: those cells are empty, not missing.
    expect(matrix.groups[1]?.rows[0]?.cells.map((cell) => cell?.via ?? null)).toEqual([
      'edge',
      null,
      'web2',
      null,
    ]);
    expect(matrix.counts).toEqual({ targets: 9, failing: 2, warning: 0, pending: 1 });
    expect(matrix.choices).toEqual({
      environments: ['acceptance', 'production'],
      sites: ['api', 'blog', 'lab', 'shop'],
      paths: ['edge', 'web1', 'web2', 'web10'],
    });
  });

  it('filters rows by environment and by site, and columns by origin', () => {
    expect(hostsOf(buildFleetMatrix(FLEET, filters('env=acceptance')))).toEqual(['api.example.test']);
    expect(hostsOf(buildFleetMatrix(FLEET, filters('site=shop&site=blog')))).toEqual([
      'blog.example.test',
      'shop.example.test',
    ]);
    const web1 = buildFleetMatrix(FLEET, filters('origin=web1'));
    expect(web1.columns).toEqual(['web1']);
    expect(hostsOf(web1)).toEqual(['shop.example.test']);
    // Choices stay the whole fleet's, so a filtered view can be widened again.
    expect(web1.choices.paths).toEqual(['edge', 'web1', 'web2', 'web10']);
    expect(hostsOf(buildFleetMatrix(FLEET, filters('env=production&site=api')))).toEqual([]);
  });

  it('keeps the rows with a visible cell failing at the chosen layer', () => {
    expect(hostsOf(buildFleetMatrix(FLEET, filters('layer=connect')))).toEqual(['shop.example.test']);
    expect(hostsOf(buildFleetMatrix(FLEET, filters('layer=edge&layer=connect')))).toEqual([
      'shop.example.test',
    ]);
    // The failing cell is on web1; with web2's column alone nothing visible fails at connect.
    expect(hostsOf(buildFleetMatrix(FLEET, filters('layer=connect&origin=web2')))).toEqual([]);
    expect(filters('layer=nonsense&layer=tls').layers).toEqual(['tls']);
  });

  it('pages 2,000 hostnames 100 at a time, each page keeping its group headers', () => {
    const big: FleetTarget[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      const site = `s${String(Math.floor(i / 40)).padStart(2, '0')}`;
      big.push(target(site, `h${String(i).padStart(4, '0')}.example.test`, 'edge', 'production'));
    }
    const first = buildFleetMatrix(big, filters(''));
    expect(first).toMatchObject({ rowCount: 2_000, page: 1, pages: 2_000 / PAGE_ROWS });
    expect(hostsOf(first)).toHaveLength(PAGE_ROWS);
    expect(first.groups.map((group) => group.site)).toEqual(['s00', 's01', 's02']);

    const second = buildFleetMatrix(big, filters('page=2'));
    expect(hostsOf(second)[0]).toBe('h0100.example.test');
    // Row 100 is the 21st of s02: the page starts mid-group and repeats the group's header.
    expect(second.groups[0]).toMatchObject({ site: 's02', environment: 'production' });
    expect(second.groups[0]?.rows).toHaveLength(20);

    const past = buildFleetMatrix(big, filters('page=999'));
    expect(past.page).toBe(20);
    expect(hostsOf(past).at(-1)).toBe('h1999.example.test');
    expect(filters('page=-3').page).toBe(1);
  });

  it('writes filters back to the same query, page 1 left out', () => {
    const query = 'env=production&site=shop&origin=web1&origin=edge&layer=connect&page=3';
    expect(writeFleetFilters(filters(query))).toBe(query);
    expect(writeFleetFilters(filters('env=production&page=1&env=%20'))).toBe('env=production');
  });
});
