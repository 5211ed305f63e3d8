import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFrontdoorError } from '../errors.js';
import type { IncidentDossier } from '../incidents/incident-dossier.js';
import { allocateLoopbackAddress } from '../lab/loopback.js';
import type { IncidentEntry } from '../web/incident-entry.js';
import { captureIo } from './capture-io.test-helper.js';
import { incidentCommand } from './incident-command.js';

const ENTRY: IncidentEntry = {
  id: 'inc-20261204T060000Z-0a1b2c3d',
  title: 'front door of web1 down: connect_refused on 4 hostnames',
  status: 'resolved',
  policy: 'page',
  cause: { key: 'shared_front_door_down:web1', code: 'shared_front_door_down' },
  layer: 'connect',
  verdicts: ['connect_refused'],
  origins: ['web1'],
  hostnames: ['shop.example.test'],
  targetCount: 4,
  openedAt: '2026-12-04T06:00:10.000Z',
  resolvedAt: '2026-12-04T06:12:00.000Z',
  flapping: false,
};

const DOSSIER = {
  id: ENTRY.id,
  policy: 'page',
  title: ENTRY.title,
  status: 'resolved',
  cause: {
    key: 'shared_front_door_down:web1',
    code: 'shared_front_door_down',
    summary: 's',
    previousKeys: [],
  },
  layer: 'connect',
  verdicts: ['connect_refused'],
  summary: 'every hostname on web1 fails at connect: the front door of web1 is shut',
  hostnames: ['shop.example.test'],
  origins: ['web1'],
  sites: ['shop'],
  environments: ['production'],
  locations: ['local'],
  flapping: false,
  firstFailureAt: '2026-12-04T06:00:00.000Z',
  openedAt: '2026-12-04T06:00:10.000Z',
  resolvedAt: '2026-12-04T06:12:00.000Z',
  targets: [
    {
      id: 'shop:shop.example.test:443/health@web1',
      name: 'shop.example.test via web1',
      hostname: 'shop.example.test',
      via: 'web1',
      site: 'shop',
      origin: 'web1',
      environment: 'production',
      firstFailureAt: '2026-12-04T06:00:00.000Z',
      recoveredAt: '2026-12-04T06:11:58.000Z',
      verdicts: ['connect_refused'],
      layer: 'connect',
      status: null,
      requests: 24,
      failedRequests: 24,
    },
  ],
  transitions: [],
  notifications: [],
  maintenance: [],
  changes: [],
  evidence: {
    targetId: 'shop:shop.example.test:443/health@web1',
    target: 'shop.example.test via web1',
    url: 'https://shop.example.test/health',
    connectTo: '10.0.0.11:443',
    at: '2026-12-04T06:11:30.000Z',
    verdict: 'connect_refused',
    layer: 'connect',
    summary: 'nothing listens on 10.0.0.11:443',
    evidence: ['connect: ECONNREFUSED after 0.4 ms'],
    status: null,
    timings: { total: 0.4 },
  },
  requests: { total: 24, failed: 24 },
} as unknown as IncidentDossier;

const WRITEUP = '# front door of web1 down\n\n- **Duration:** 12 min\n';

describe('frontdoor incident, against a stand-in for the watch API', () => {
  let server: Server;
  let base = '';
  const asked: IncomingMessage[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request);
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path === '/api/v1/incidents') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ incidents: [ENTRY] }));
      } else if (path === `/api/v1/incidents/${ENTRY.id}`) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(DOSSIER));
      } else if (path === `/api/v1/incidents/${ENTRY.id}/writeup`) {
        response.setHeader('content-type', 'text/markdown; charset=utf-8');
        response.end(WRITEUP);
      } else if (path === '/hang/api/v1/incidents') {
        response.write('{');
      } else {
        response.statusCode = 404;
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({ statusCode: 404, error: 'Not Found', message: "no incident 'nope'\n\u001b[2J" }),
        );
      }
    });
    const address = allocateLoopbackAddress();
    await new Promise<void>((resolve) => server.listen(0, address, resolve));
    base = `http://${address}:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const run = async (argv: string[], env: Record<string, string> = {}) => {
    const io = captureIo({ env });
    const code = await incidentCommand(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  const failure = (argv: string[]) =>
    incidentCommand(argv, captureIo()).then(
      () => undefined,
      (error: unknown) => error,
    );

  it('lists incidents as aligned columns, asking for the state and limit given, with the token', async () => {
    const { code, out } = await run(['list', '--server', base, '--state', 'resolved', '--limit', '5'], {
      FRONTDOOR_TOKEN: 'read-token-abc',
    });
    expect(code).toBe(0);
    const [header, row] = out.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+STATUS\s+OPENED\s+POLICY\s+LAYER\s+TITLE$/);
    expect(row).toContain(`${ENTRY.id}  resolved`);
    expect(row).toMatch(/2026-12-04 06:00:10 UTC\s+page\s+connect\s+front door of web1 down/);
    expect(row?.indexOf('resolved')).toBe(header?.indexOf('STATUS'));
    const last = asked.at(-1);
    expect(last?.url).toBe('/api/v1/incidents?state=resolved&limit=5');
    expect(last?.headers.authorization).toBe('Bearer read-token-abc');
  });

  it('prints the write-up byte for byte with --markdown, and the dossier as JSON with --json', async () => {
    expect((await run(['show', ENTRY.id, '--markdown', '--server', base])).out).toBe(WRITEUP);
    const json = JSON.parse((await run(['show', ENTRY.id, '--json', '--server', `${base}/`])).out);
    expect(json).toEqual(DOSSIER);
  });

  it('shows the cause, layer, times, targets and evidence, and where the write-up is', async () => {
    const { out } = await run(['show', ENTRY.id, '--server', base]);
    expect(out).toContain(ENTRY.title);
    expect(out).toMatch(/cause\s+shared_front_door_down \(shared_front_door_down:web1\)/);
    expect(out).toMatch(/layer\s+connect \(connect_refused\)/);
    expect(out).toMatch(/first failure\s+2026-12-04 06:00:00 UTC; opened 2026-12-04 06:00:10 UTC; 12 min/);
    expect(out).toContain('shop.example.test via web1  connect_refused, recovered 2026-12-04 06:11:58 UTC');
    expect(out).toContain('connect: ECONNREFUSED after 0.4 ms');
    expect(out).toContain(`frontdoor incident show ${ENTRY.id} --markdown`);
  });

  it("turns the API's 404 into one FD_ERR_WATCH_API line with its message, control characters removed", async () => {
    const error = await failure(['show', 'nope', '--server', base]);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_WATCH_API');
    expect((error as Error).message).toBe(
      "frontdoor incident: incident 'nope': HTTP 404: no incident 'nope' [2J",
    );
  });

  it('says the watch cannot be reached, from the error code, when nothing listens', async () => {
    const address = allocateLoopbackAddress();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, address, resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(['list', '--server', `http://${address}:${port}`]);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_WATCH_API');
    expect((error as Error).message).toBe(
      `frontdoor incident: http://${address}:${port}: cannot reach the watch (refused: ECONNREFUSED)`,
    );
  });

  it('gives up on an answer that never completes, within --timeout', async () => {
    const error = await failure(['list', '--server', `${base}/hang`, '--timeout', '300ms']);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_WATCH_API');
    expect((error as Error).message).toBe(`frontdoor incident: ${base}: no complete answer within 0.3 s`);
  });

  it.each([
    [[], /missing list or show/],
    [['close'], /unknown action 'close'/],
    [['show'], /missing the incident ID/],
    [['list', '--markdown'], /--markdown is for show/],
    [['list', '--state', 'closed'], /--state: expected one of open, resolved, all, got 'closed'/],
    [['list', '--limit', '0'], /--limit: expected a whole number from 1 to 1000/],
    [['show', 'x', '--markdown', '--json'], /--markdown or --json, not both/],
    [['show', 'x', '--server', 'ftp://watch'], /--server: expected an http:\/\/ or https:\/\/ URL/],
  ])('refuses %j with one usage line', async (argv, message) => {
    const error = await failure(argv);
    expect(isFrontdoorError(error) && error.code).toBe('FD_ERR_USAGE');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});
