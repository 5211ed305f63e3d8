import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onRequestAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import type { ApiScope, ApiToken } from '../../config/api-config.js';
import { isLoopbackAddress } from './is-loopback.js';
import { readBearer } from './read-bearer.js';
import { hasReadTokens, scopeAllows } from './scopes.js';
import { decodeTokenHash, findTokenIndex } from './token-hash.js';

/** Who is asking, as the auth hook found out; routes read it through {@link requireScope}. */
export type ApiAccess =
  | { kind: 'token'; name: string; scope: ApiScope; origin?: string }
  /** no Authorization header; `mayRead` when reads are open to this request (see {@link createAuthHook}) */
  | { kind: 'anonymous'; mayRead: boolean };

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the auth hook on every request; null only when the hook is not installed */
    apiAccess: ApiAccess | null;
  }
}

export interface AuthOptions {
  /** `api.tokens`; a function is asked on every request, so a configuration reload applies at once */
  tokens: readonly ApiToken[] | (() => readonly ApiToken[]);
  /** the address the server listens on (host only matters) */
  listen: { host: string; port?: number };
}

/** Headers a reverse proxy adds: a request carrying one came from further away than its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

const REALM = 'Bearer realm="frontdoor"';

/**
 * The onRequest hook that finds out who is asking. A bearer token is checked against every configured
 * hash in constant time; a wrong or malformed one is refused at once (401), never downgraded to anonymous.
 * Without a token the request is anonymous, and anonymous reads are open only when all three hold:
 * the server listens on a loopback address, no token with read access is configured, and the request's
 * peer is a loopback address and carries no proxy header (Forwarded, X-Forwarded-For, X-Real-IP), so a
 * local reverse proxy never opens the API to the world. Everything else needs a token
 * ({@link requireScope}). Install with {@link apiAuth}, which also declares `request.apiAccess`.
 */
export function createAuthHook(options: AuthOptions): onRequestAsyncHookHandler {
  const tokensOf =
    typeof options.tokens === 'function' ? options.tokens : () => options.tokens as readonly ApiToken[];
  const listensOnLoopback = isLoopbackAddress(options.listen.host);
  const decoded = new WeakMap<readonly ApiToken[], Buffer[]>();
  const hashesOf = (tokens: readonly ApiToken[]): Buffer[] => {
    let hashes = decoded.get(tokens);
    if (hashes === undefined) {
      hashes = tokens.map((token) => decodeTokenHash(token.hash));
      decoded.set(tokens, hashes);
    }
    return hashes;
  };

  return async (request, reply) => {
    const tokens = tokensOf();
    const bearer = readBearer(request.headers.authorization);
    if (bearer.kind === 'malformed') {
      request.log.info({ reason: bearer.problem }, 'refused a request with a malformed Authorization header');
      return refuse(reply, 401, `${REALM}, error="invalid_request"`, bearer.problem);
    }
    if (bearer.kind === 'absent') {
      const fromHere =
        isLoopbackAddress(request.socket.remoteAddress) &&
        PROXY_HEADERS.every((name) => request.headers[name] === undefined);
      request.apiAccess = {
        kind: 'anonymous',
        mayRead: listensOnLoopback && fromHere && !hasReadTokens(tokens),
      };
      return;
    }
    const index = findTokenIndex(bearer.token, hashesOf(tokens));
    const token = tokens[index];
    if (token === undefined) {
      request.log.info('refused a request with an unknown token');
      return refuse(reply, 401, `${REALM}, error="invalid_token"`, 'the token is not one of api.tokens');
    }
    request.apiAccess =
      token.origin === undefined
        ? { kind: 'token', name: token.name, scope: token.scope }
        : { kind: 'token', name: token.name, scope: token.scope, origin: token.origin };
  };
}

/**
 * A preHandler that lets the request through only with access to `scope` (table in scopes.ts): 401 with
 * `WWW-Authenticate: Bearer` without a usable token, 403 when the token's scope does not cover it. Fails
 * closed (500) on a route whose instance has no auth hook installed.
 * @example app.get('/metrics', { preHandler: requireScope('read') }, handler)
 */
export function requireScope(scope: ApiScope): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const access = request.apiAccess;
    if (access === null || access === undefined) {
      request.log.error({ scope }, 'route needs a scope but the auth hook is not installed');
      return refuse(reply, 500, undefined, 'authentication is not set up for this route');
    }
    if (access.kind === 'anonymous') {
      if (scope === 'read' && access.mayRead) return;
      return refuse(
        reply,
        401,
        REALM,
        `this needs a token with ${scope} access (Authorization: Bearer TOKEN)`,
      );
    }
    if (scopeAllows(access.scope, scope)) return;
    request.log.info({ token: access.name, scope }, 'refused a token outside its scope');
    return refuse(
      reply,
      403,
      `${REALM}, error="insufficient_scope", scope="${scope}"`,
      `token '${access.name}' has scope ${access.scope}, which does not allow ${scope}`,
    );
  };
}

function refuse(
  reply: FastifyReply,
  statusCode: 401 | 403 | 500,
  challenge: string | undefined,
  message: string,
): FastifyReply {
  if (challenge !== undefined) reply.header('www-authenticate', challenge);
  const error =
    statusCode === 401 ? 'Unauthorized' : statusCode === 403 ? 'Forbidden' : 'Internal Server Error';
  return reply.code(statusCode).send({ statusCode, error, message });
}

/**
 * Installs the auth hook on the instance it is registered on and on everything registered after it
 * (it is not encapsulated), and declares `request.apiAccess`.
 * @example await app.register(apiAuth, { tokens: () => config.api.tokens, listen: { host: '127.0.0.1' } });
 */
export const apiAuth: FastifyPluginAsync<AuthOptions> = Object.assign(
  async (app: FastifyInstance, options: AuthOptions) => {
    app.decorateRequest('apiAccess', null);
    app.addHook('onRequest', createAuthHook(options));
  },
  // fastify-plugin's marker without the package: the hook must reach sibling plugins' routes.
  { [Symbol.for('skip-override')]: true },
);

/** For routes that need more than a scope, such as an agent token's origin. */
export function readAccess(request: FastifyRequest): ApiAccess | null {
  return request.apiAccess ?? null;
}
