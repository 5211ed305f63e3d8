import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { allocateLoopbackAddress } from '../../../src/lab/loopback.js';
import { runProbe } from '../../../src/probe/run-probe.js';
import { createProbeOptions, type ServedServer, serveOnLoopback } from './serve-on-loopback.js';

describe('runProbe redirects', () => {
  const servers: ServedServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  async function serve(listener: RequestListener): Promise<ServedServer> {
    const served = await serveOnLoopback(createHttpServer(listener), allocateLoopbackAddress());
    servers.push(served);
    return served;
  }

  const chain: RequestListener = (req, res) => {
    if (req.url === '/a') res.writeHead(301, { location: '/b' }).end();
    else if (req.url === '/b') res.writeHead(302, { location: 'c?x=1' }).end();
    else res.end(`final ${req.url}`);
  };

  it('records the redirect itself when not following', async () => {
    const served = await serve(chain);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/a` },
      await createProbeOptions(),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.http?.status).toBe(301);
    expect(observation.http?.headers.location).toBe('/b');
    expect(observation.redirects).toEqual([]);
    expect(served.remotePorts).toHaveLength(1);
  });

  it('follows relative Locations on fresh connections and records every hop', async () => {
    const served = await serve(chain);
    const base = `http://${served.address}:${served.port}`;
    const observation = await runProbe({ url: `${base}/a` }, await createProbeOptions({ follow: 5 }));
    expect(observation.failure).toBeUndefined();
    expect(observation.url).toBe(`${base}/c?x=1`);
    expect(observation.http).toMatchObject({ status: 200, body: 'final /c?x=1' });
    // Each hop keeps its own phase timings (blackbox sums them over redirects); its total is the probe's.
    const hop = {
      timings: expect.objectContaining({ connect: expect.any(Number), ttfb: expect.any(Number), total: 0 }),
    };
    expect(observation.redirects).toEqual([
      { url: `${base}/a`, status: 301, location: '/b', address: `${served.address}:${served.port}`, ...hop },
      {
        url: `${base}/b`,
        status: 302,
        location: 'c?x=1',
        address: `${served.address}:${served.port}`,
        ...hop,
      },
    ]);
    expect(new Set(served.remotePorts).size).toBe(3);
  });

  it('fails with redirect_limit past the allowed number of hops', async () => {
    const served = await serve(chain);
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/a` },
      await createProbeOptions({ follow: 1 }),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'redirect_limit' });
    expect(observation.redirects).toHaveLength(2);
  });

  it('detects a loop back to a URL already visited', async () => {
    const served = await serve((req, res) => {
      res.writeHead(302, { location: req.url === '/one' ? '/two' : '/one' }).end();
    });
    const observation = await runProbe(
      { url: `http://${served.address}:${served.port}/one` },
      await createProbeOptions({ follow: 10 }),
    );
    expect(observation.failure).toMatchObject({ phase: 'http', code: 'redirect_loop' });
    expect(observation.redirects.map((hop) => hop.location)).toEqual(['/two', '/one']);
  });

  it('keeps a connectTo pin on the same host and drops it for another host', async () => {
    const other = await serve((req, res) => res.end(`other ${req.headers.host}`));
    const pinned = await serve((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/same-host' }).end();
      else res.writeHead(302, { location: `http://elsewhere.frontdoor.test:${other.port}/` }).end();
    });
    const observation = await runProbe(
      {
        url: 'http://shop.frontdoor.test/start',
        connectTo: { host: pinned.address, port: pinned.port },
        resolve: { 'elsewhere.frontdoor.test': other.address },
      },
      await createProbeOptions({ follow: 3 }),
    );
    expect(observation.failure).toBeUndefined();
    expect(observation.redirects.map((hop) => hop.url)).toEqual([
      'http://shop.frontdoor.test/start',
      'http://shop.frontdoor.test/same-host',
    ]);
    expect(pinned.remotePorts).toHaveLength(2);
    expect(observation.dns?.source).toBe('fixed');
    expect(observation.http?.body).toBe(`other elsewhere.frontdoor.test:${other.port}`);
  });
});
