import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FLEET_DOMAIN } from './fleet-server.js';

/**
 * @typedef {object} FleetShape
 * @property {string} name file name stem, e.g. "sites-3000"
 * @property {number} sites how many sites; site N has the one hostname sN.fleet.frontdoor.test
 * @property {boolean} pinned whether every site is also probed pinned to the origin `web1` (the fleet's nginx)
 */

/**
 * Writes a configuration as a fleet's would look: one site per hostname, every hostname given a fixed
 * answer in one `resolve` map (so "via edge" reaches the local nginx without DNS), and optionally each site
 * also pinned to the one origin. Returns the path and how many targets `check -c` expands it into.
 * @param {string} dir
 * @param {import('./fleet-server.js').FleetServer} server
 * @param {FleetShape} shape
 * @returns {Promise<{ path: string; targets: number }>}
 */
export async function writeFleetConfig(dir, server, shape) {
  const lines = [`ca: ${server.caCertPath}`, 'origins:', `  web1: ${server.address}`, 'resolve:'];
  for (let n = 1; n <= shape.sites; n += 1) lines.push(`  s${n}.${FLEET_DOMAIN}: ${server.address}`);
  lines.push('sites:');
  for (let n = 1; n <= shape.sites; n += 1) {
    lines.push(`  s${n}:`, `    url: https://s${n}.${FLEET_DOMAIN}:${server.port}/health`);
    if (shape.pinned) lines.push('    origins: [web1]');
    lines.push('    expect: { status: 200, body: ok }');
  }
  const path = join(dir, `${shape.name}.yaml`);
  await writeFile(path, `${lines.join('\n')}\n`);
  return { path, targets: shape.sites * (shape.pinned ? 2 : 1) };
}
