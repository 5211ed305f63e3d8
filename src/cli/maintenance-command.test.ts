import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../errors.js';
import { captureIo } from './capture-io.test-helper.js';
import { maintenanceCommand } from './maintenance-command.js';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

const WINDOW = {
  id: 'm-20261123T040000Z-3f9a1c',
  name: 'origin web1',
  scope: { origins: ['web1'], sites: [], environments: [] },
  reason: 'kernel',
  startsAt: '2026-11-23T04:00:00.000Z',
  endsAt: '2026-11-23T05:00:00.000Z',
  startedBy: 'token:ops',
  endedAt: null,
  endedBy: null,
};

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve()))),
);

/** A stand-in for serve's API on loopback: records each request and answers `status` with `body`. */
async function daemon(status: number, body: unknown): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    seen.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      body: text === '' ? undefined : JSON.parse(text),
    });
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('frontdoor maintenance', () => {
  it('starts a window with its scope, duration and reason, sending the token from FRONTDOOR_TOKEN', async () => {
    const { url, seen } = await daemon(201, { window: WINDOW, capped: false });
    const io = captureIo({ env: { FRONTDOOR_TOKEN: 'fdt_secret' } });
    const argv = ['start', '--origin', 'web1', '--for', '1h', '--reason', 'kernel', '--server', url];
    expect(await maintenanceCommand(argv, io)).toBe(0);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/v1/maintenance',
        authorization: 'Bearer fdt_secret',
        body: { origins: ['web1'], sites: [], environments: [], for: '1h', reason: 'kernel' },
      },
    ]);
    expect(io.out()).toBe(`started ${WINDOW.id} "origin web1" until 2026-11-23T05:00:00.000Z\n`);
  });

  it('ends a window by id and lists windows as a table', async () => {
    const ended = { ...WINDOW, endedAt: '2026-11-23T04:30:00.000Z', endedBy: 'token:ops' };
    const end = await daemon(200, { window: ended });
    const io = captureIo();
    expect(await maintenanceCommand(['end', WINDOW.id, '--server', end.url], io)).toBe(0);
    expect(end.seen[0]).toMatchObject({ method: 'DELETE', url: `/api/v1/maintenance/${WINDOW.id}` });
    expect(end.seen[0]?.authorization).toBeUndefined();
    server?.close();

    const list = await daemon(200, { windows: [ended, WINDOW] });
    const listed = captureIo();
    expect(await maintenanceCommand(['list', '--active', '--server', list.url], listed)).toBe(0);
    expect(list.seen[0]?.url).toBe('/api/v1/maintenance?state=active');
    const lines = listed.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+NAME\s+SCOPE\s+STARTS\s+ENDS\s+REASON$/);
    expect(lines[1]).toMatch(/^m-20261123T040000Z-3f9a1c\s+ended\s+origin web1\s+origin:web1\s/);
    expect(lines[2]).toContain('active');
  });

  it("turns the watch's refusal into one FD_ERR_WATCH_API line with its message", async () => {
    const refused = await daemon(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: "not in the configuration: origin 'web9'",
    });
    const error = await maintenanceCommand(
      ['start', '--origin', 'web9', '--for', '1h', '--server', refused.url],
      captureIo(),
    ).catch((caught: unknown) => caught);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_WATCH_API');
    expect((error as Error).message).toBe(
      "frontdoor maintenance: the watch refused (400): not in the configuration: origin 'web9'",
    );
    server?.close();
    const denied = await daemon(403, { message: 'this token cannot do that' });
    const forbidden = await maintenanceCommand(['end', 'm-1', '--server', denied.url], captureIo()).catch(
      (caught: unknown) => caught,
    );
    expect((forbidden as Error).message).toMatch(
      /\(403\): this token cannot do that \(start and end need a token of scope write/,
    );
  });

  it('says when nothing answers, in one line with the failure code', async () => {
    const { url } = await daemon(200, {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const error = await maintenanceCommand(['list', '--server', url], captureIo()).catch(
      (caught: unknown) => caught,
    );
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_WATCH_API');
    expect((error as Error).message).toBe(
      'frontdoor maintenance: no answer from the watch: refused (ECONNREFUSED)',
    );
  });

  it.each([
    [['start', '--origin', 'web1'], /needs --for/],
    [['start', '--for', '1h'], /needs a scope/],
    [['start', '--origin', 'web1', '--for', 'soon'], /--for: /],
    [['end'], /needs the window id/],
    [['list', '--active', '--ended'], /exclude each other/],
    [['pause'], /unknown action 'pause'/],
    [['list', '--server', 'ftp://x'], /not an http or https URL/],
  ])('refuses %j before asking anything', async (argv, message) => {
    const error = await maintenanceCommand(argv, captureIo()).catch((caught: unknown) => caught);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_USAGE');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^frontdoor maintenance: /);
  });
});
