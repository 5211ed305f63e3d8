import { API_SCOPES, type ApiScope } from '../config/api-config.js';
import { FrontdoorError } from '../errors.js';
import { describeWeakToken, generateToken, hashToken } from '../server/auth/token-hash.js';
import { type Command, EXIT_OK } from './command.js';
import { parseFlags } from './parse-flags.js';
import { TOKEN_USAGE } from './token-usage.js';

/** A token is one line; anything much longer on stdin is a mistake (a file piped in by accident). */
const MAX_STDIN_BYTES = 4096;

/**
 * `frontdoor token hash`: generates a token (or reads one from stdin with --stdin), prints it, its SHA-256
 * hash and an `api.tokens` entry. The token is printed only when generated: one read from stdin is the
 * caller's already.
 */
export const tokenCommand: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('token', argv, {
    stdin: { type: 'boolean' },
    name: { type: 'string' },
    scope: { type: 'string' },
    origin: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(TOKEN_USAGE);
    return EXIT_OK;
  }
  const [action, ...extra] = positionals;
  if (action !== 'hash' || extra.length > 0) {
    const what =
      action === undefined
        ? 'missing action'
        : `unexpected argument '${action === 'hash' ? extra[0] : action}'`;
    throw new FrontdoorError('FD_ERR_USAGE', `frontdoor token: ${what}; see 'frontdoor token --help'`);
  }
  const scope = readScope(values.scope);
  if (values.origin !== undefined && scope !== 'agent') {
    throw new FrontdoorError('FD_ERR_USAGE', 'frontdoor token: --origin is for agent tokens (--scope agent)');
  }
  const generated = values.stdin !== true;
  const token = generated ? generateToken() : await readTokenFrom(io.stdin);
  const hash = hashToken(token);
  const origin = values.origin === undefined ? '' : `, origin: ${values.origin}`;
  const lines = [
    ...(generated ? [`token: ${token}`] : []),
    `hash: ${hash}`,
    '',
    'api:',
    '  tokens:',
    `    - { name: ${values.name ?? 'NAME'}, scope: ${scope}${origin}, hash: "${hash}" }`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
};

function readScope(text: string | undefined): ApiScope {
  if (text === undefined) return 'read';
  const scope = API_SCOPES.find((known) => known === text);
  if (scope === undefined) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `frontdoor token: --scope: '${text}' is not one of ${API_SCOPES.join(', ')}`,
    );
  }
  return scope;
}

/** The token on stdin, without its trailing line break; at most MAX_STDIN_BYTES. */
async function readTokenFrom(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    if (bytes > MAX_STDIN_BYTES) {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `frontdoor token hash: more than ${MAX_STDIN_BYTES} bytes on stdin; expected one token`,
      );
    }
    chunks.push(buffer);
  }
  const token = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (token === '') throw new FrontdoorError('FD_ERR_USAGE', 'frontdoor token hash: no token on stdin');
  const weak = describeWeakToken(token);
  if (weak !== undefined) throw new FrontdoorError('FD_ERR_USAGE', `frontdoor token hash: ${weak}`);
  return token;
}
