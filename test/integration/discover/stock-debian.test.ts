import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/parse-config.js';
import { buildFrontdoorConfig } from '../../../src/discover/build-frontdoor-config.js';
import { discoverNginx } from '../../../src/discover/discover-nginx.js';
import { createDiskConfigSource } from '../../../src/discover/nginx/nginx-config-source.js';
import { createDumpConfigSource, parseNginxDump } from '../../../src/discover/nginx/read-nginx-dump.js';
import { renderDraftConfig } from '../../../src/discover/render-draft-config.js';
import { requireTools } from '../lab/require-tools.js';
import { runNginxDump } from './run-nginx-dump.js';

const STOCK = '/etc/nginx/nginx.conf';
const tools = requireTools(['nginx']);
// The tree comes with Debian's nginx package; a machine with nginx from elsewhere may not have it.
const stockMissing = !existsSync(STOCK);
if (stockMissing) console.warn(`skipping: ${STOCK} is not present`);

describe.skipIf(tools.skip || stockMissing)("Debian's stock /etc/nginx, read in place", () => {
  let scratch: string;
  let dumpText: string;
  const now = new Date();

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'frontdoor-discover-stock-'));
    // The default prefix: the stock tree loads modules by paths relative to it.
    dumpText = await runNginxDump(
      tools.paths.nginx as string,
      STOCK,
      '/usr/share/nginx/',
      join(scratch, 'error.log'),
    );
  });

  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads the same files, in the same order, as nginx -T', async () => {
    const live = await discoverNginx(STOCK, createDiskConfigSource(), { now });
    const dumped = [...dumpText.matchAll(/^# configuration file (.+):$/gm)].map((match) => match[1]);
    expect(live.inventory.files).toEqual(dumped);
  });

  it('finds the same entrances from the live tree and from the dump', async () => {
    const live = await discoverNginx(STOCK, createDiskConfigSource(), { now });
    const dump = parseNginxDump(dumpText, 'nginx -T');
    const fromDump = await discoverNginx(dump.mainFile, createDumpConfigSource(dump, 'dump'), { now });
    expect(fromDump).toEqual(live);
    expect(live.inventory.servers.length).toBeGreaterThan(0);
  });

  it('sees the packaged default site: both port-80 listens as default_server, the "_" placeholder, its root', async () => {
    const { inventory } = await discoverNginx(STOCK, createDiskConfigSource(), { now });
    const defaultSite = inventory.servers.find(
      (server) => server.file === '/etc/nginx/sites-enabled/default',
    );
    expect(defaultSite?.root).toBe('/var/www/html');
    expect(defaultSite?.listens.map((listen) => [listen.socket, listen.defaultServer])).toEqual([
      ['*:80', true],
      ['[::]:80', true],
    ]);
    expect(defaultSite?.serverNames).toEqual([{ name: '_', kind: 'placeholder' }]);
  });

  it('drafts a configuration frontdoor loads, with nginx owning port 80', async () => {
    const { inventory } = await discoverNginx(STOCK, createDiskConfigSource(), { now });
    const config = parseConfig(renderDraftConfig(inventory), join(scratch, 'draft.yaml'));
    expect(config.host?.listeners).toEqual(buildFrontdoorConfig(inventory).document.host.listeners);
    expect(config.host?.listeners['80']).toBe('nginx');
  });
});
