import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiToken } from '../../config/api-config.js';
import { apiAuth, readAccess, requireScope } from './auth-hook.js';
import { generateToken, hashToken } from './token-hash.js';

const readToken = generateToken();
const writeToken = generateToken();
const agentToken = generateToken();
const deployToken = generateToken();
const TOKENS: ApiToken[] = [
  { name: 'grafana', scope: 'read', hash: hashToken(readToken) },
  { name: 'ops', scope: 'write', hash: hashToken(writeToken) },
  { name: 'web1-agent', scope: 'agent', origin: 'web1', hash: hashToken(agentToken) },
  { name: 'ci', scope: 'deploy', hash: hashToken(deployToken) },
];
const MACHINE_TOKENS = TOKENS.filter((token) => token.scope === 'agent' || token.scope === 'deploy');

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function serve(tokens: readonly ApiToken[] | (() => readonly ApiToken[]), host = '127.0.0.1') {
  app = Fastify();
  await app.register(apiAuth, { tokens, listen: { host, port: 9470 } });
  app.get('/read', { preHandler: requireScope('read') }, async () => 'read');
  app.post('/write', { preHandler: requireScope('write') }, async () => 'write');
  app.post('/events', { preHandler: requireScope('agent') }, async (request) => readAccess(request));
  app.post('/deploys', { preHandler: requireScope('deploy') }, async () => 'deploy');
  return app;
}

interface Call {
  method?: 'GET' | 'POST';
  url: string;
  token?: string;
  remoteAddress?: string;
  headers?: Record<string, string>;
}

async function call(
  server: FastifyInstance,
  { method = 'GET', url, token, remoteAddress = '127.0.0.1', headers = {} }: Call,
) {
  const authorization = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return server.inject({ method, url, remoteAddress, headers: { ...headers, ...authorization } });
}

describe('reads without a token', () => {
  it('are open on a loopback listener to a loopback peer when no token can read', async () => {
    const server = await serve(MACHINE_TOKENS);
    expect((await call(server, { url: '/read' })).statusCode).toBe(200);
    expect((await call(server, { url: '/read', remoteAddress: '::1' })).statusCode).toBe(200);
    expect((await call(server, { url: '/read', remoteAddress: '::ffff:127.0.0.1' })).statusCode).toBe(200);
  });

  it('need a token once a read or write token is configured', async () => {
    const server = await serve(TOKENS);
    const response = await call(server, { url: '/read' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="frontdoor"');
    expect(response.json().message).toContain('needs a token with read access');
  });

  it('need a token from a peer elsewhere', async () => {
    const server = await serve([]);
    expect((await call(server, { url: '/read', remoteAddress: '10.0.0.5' })).statusCode).toBe(401);
  });

  it.each(['x-forwarded-for', 'forwarded', 'x-real-ip'])(
    'need a token when a local proxy forwarded the request (%s)',
    async (header) => {
      const server = await serve([]);
      const response = await call(server, { url: '/read', headers: { [header]: '203.0.113.9' } });
      expect(response.statusCode).toBe(401);
    },
  );

  it('need a token when the server listens beyond loopback, even from a loopback peer', async () => {
    const server = await serve(MACHINE_TOKENS, '0.0.0.0');
    expect((await call(server, { url: '/read' })).statusCode).toBe(401);
  });
});

describe('writes', () => {
  it('never go through without a token, even where reads are open', async () => {
    const server = await serve([]);
    expect((await call(server, { method: 'POST', url: '/write' })).statusCode).toBe(401);
    expect((await call(server, { method: 'POST', url: '/events' })).statusCode).toBe(401);
    expect((await call(server, { method: 'POST', url: '/deploys' })).statusCode).toBe(401);
  });
});

describe('tokens', () => {
  it.each([
    ['read', readToken, { '/read': 200, '/write': 403, '/events': 403, '/deploys': 403 }],
    ['write', writeToken, { '/read': 200, '/write': 200, '/events': 403, '/deploys': 200 }],
    ['agent', agentToken, { '/read': 403, '/write': 403, '/events': 200, '/deploys': 403 }],
    ['deploy', deployToken, { '/read': 403, '/write': 403, '/events': 403, '/deploys': 200 }],
  ])('a %s token reaches exactly its routes, from anywhere', async (_, token, expected) => {
    const server = await serve(TOKENS);
    const statuses: Record<string, number> = {};
    for (const url of Object.keys(expected)) {
      const method = url === '/read' ? 'GET' : 'POST';
      statuses[url] = (await call(server, { method, url, token, remoteAddress: '198.51.100.7' })).statusCode;
    }
    expect(statuses).toEqual(expected);
  });

  it('says which scope was missing, in the challenge too', async () => {
    const server = await serve(TOKENS);
    const response = await call(server, { method: 'POST', url: '/write', token: readToken });
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="frontdoor", error="insufficient_scope", scope="write"',
    );
    expect(response.json().message).toBe("token 'grafana' has scope read, which does not allow write");
  });

  it('hands the route an agent token origin', async () => {
    const server = await serve(TOKENS);
    const response = await call(server, { method: 'POST', url: '/events', token: agentToken });
    expect(response.json()).toEqual({ kind: 'token', name: 'web1-agent', scope: 'agent', origin: 'web1' });
  });

  it('refuses an unknown token even where anonymous reads are open', async () => {
    const server = await serve([]);
    const response = await call(server, { url: '/read', token: generateToken() });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="frontdoor", error="invalid_token"');
  });

  it('refuses a malformed Authorization header instead of reading anonymously', async () => {
    const server = await serve([]);
    const response = await call(server, { url: '/read', headers: { authorization: `Basic ${readToken}` } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="frontdoor", error="invalid_request"');
  });

  it('follows a reload: tokens are asked for on every request', async () => {
    let tokens: readonly ApiToken[] = [];
    const server = await serve(() => tokens);
    expect((await call(server, { url: '/read', token: readToken })).statusCode).toBe(401);
    tokens = TOKENS;
    expect((await call(server, { url: '/read', token: readToken })).statusCode).toBe(200);
    tokens = [];
    expect((await call(server, { url: '/read', token: readToken })).statusCode).toBe(401);
  });
});

describe('requireScope', () => {
  it('fails closed on an instance without the auth hook', async () => {
    app = Fastify();
    app.get('/read', { preHandler: requireScope('read') }, async () => 'read');
    const response = await app.inject({ url: '/read', remoteAddress: '127.0.0.1' });
    expect(response.statusCode).toBe(500);
  });
});
