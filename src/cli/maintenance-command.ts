import { readDuration } from '../config/parse-duration.js';
import { FrontdoorError } from '../errors.js';
import { type ApiAnswer, requestApi } from './api-request.js';
import { type Command, type CommandIo, EXIT_OK } from './command.js';
import { MAINTENANCE_USAGE } from './maintenance-usage.js';
import { parseFlags } from './parse-flags.js';
import { readToken } from './read-token.js';

const DEFAULT_SERVER = 'http://127.0.0.1:9470';

interface WindowView {
  id: string;
  name: string;
  scope: { origins: string[]; sites: string[]; environments: string[] };
  reason: string | null;
  startsAt: string;
  endsAt: string;
  startedBy: string;
  endedAt: string | null;
  endedBy: string | null;
}

/**
 * `frontdoor maintenance start|end|list`: ad hoc windows through a running daemon's API
 * (POST/DELETE/GET /api/v1/maintenance). A thin client: the daemon checks the scope against its
 * configuration, caps the duration and records who asked.
 */
export const maintenanceCommand: Command = async (argv, io) => {
  const { values, positionals } = parseFlags('maintenance', argv, {
    for: { type: 'string' },
    origin: { type: 'string', multiple: true },
    site: { type: 'string', multiple: true },
    environment: { type: 'string', multiple: true },
    reason: { type: 'string' },
    name: { type: 'string' },
    active: { type: 'boolean' },
    ended: { type: 'boolean' },
    json: { type: 'boolean' },
    server: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(MAINTENANCE_USAGE);
    return EXIT_OK;
  }
  const [action, ...rest] = positionals;
  const server = readServer(values.server);
  const token = await readToken(
    'maintenance',
    {
      ...(values.token === undefined ? {} : { token: values.token }),
      ...(values['token-file'] === undefined ? {} : { tokenFile: values['token-file'] }),
    },
    io,
  );
  const auth = token === undefined ? {} : { token: token.token };
  switch (action) {
    case 'start': {
      expectNone(rest);
      if (values.for === undefined) {
        throw usage('start needs --for (every window has an end), e.g. --for 1h');
      }
      const duration = readDuration(values.for);
      if (!duration.ok) throw usage(`--for: ${duration.problem}`);
      const scope = {
        origins: values.origin ?? [],
        sites: values.site ?? [],
        environments: values.environment ?? [],
      };
      if (scope.origins.length + scope.sites.length + scope.environments.length === 0) {
        throw usage('start needs a scope: --origin, --site or --environment');
      }
      const body = {
        ...scope,
        for: values.for,
        ...(values.reason === undefined ? {} : { reason: values.reason }),
        ...(values.name === undefined ? {} : { name: values.name }),
      };
      const answer = await requestApi({ method: 'POST', server, path: '/api/v1/maintenance', body, ...auth });
      return report(answer, io, values.json === true, (ok) => {
        const { window, capped } = ok as { window: WindowView; capped: boolean };
        const cap = capped ? ` (capped: ${values.for} is more than the daemon allows)` : '';
        return `started ${window.id} "${window.name}" until ${window.endsAt}${cap}`;
      });
    }
    case 'end': {
      const [id, ...extra] = rest;
      if (id === undefined) throw usage('end needs the window id (frontdoor maintenance list shows it)');
      expectNone(extra);
      const path = `/api/v1/maintenance/${encodeURIComponent(id)}`;
      const answer = await requestApi({ method: 'DELETE', server, path, ...auth });
      return report(answer, io, values.json === true, (ok) => {
        const { window } = ok as { window: WindowView };
        return `ended ${window.id} "${window.name}"; its targets are probed now`;
      });
    }
    case 'list': {
      expectNone(rest);
      if (values.active === true && values.ended === true)
        throw usage('--active and --ended exclude each other');
      const state = values.active === true ? '?state=active' : values.ended === true ? '?state=ended' : '';
      const answer = await requestApi({
        method: 'GET',
        server,
        path: `/api/v1/maintenance${state}`,
        ...auth,
      });
      return report(answer, io, values.json === true, (ok) =>
        formatWindows((ok as { windows: WindowView[] }).windows),
      );
    }
    default:
      throw usage(
        action === undefined ? 'missing action (start, end or list)' : `unknown action '${action}'`,
      );
  }
};

function usage(problem: string): FrontdoorError {
  return new FrontdoorError(
    'FD_ERR_USAGE',
    `frontdoor maintenance: ${problem}; see 'frontdoor maintenance --help'`,
  );
}

function expectNone(extra: readonly string[]): void {
  if (extra.length > 0) throw usage(`unexpected argument '${extra[0]}'`);
}

function readServer(text: string | undefined): string {
  const server = text ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw usage(`--server: '${server}' is not a URL (e.g. http://127.0.0.1:9470)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usage(`--server: '${server}' is not an http or https URL`);
  }
  return url.href;
}

/**
 * Prints a success with `describe` (or as JSON); no answer, or an error answer, is one FD_ERR_WATCH_API
 * line (exit 2), as `frontdoor incident` says it.
 */
function report(
  answer: ApiAnswer,
  io: CommandIo,
  json: boolean,
  describe: (body: unknown) => string,
): number {
  if (answer.kind === 'unreachable') {
    throw new FrontdoorError(
      'FD_ERR_WATCH_API',
      `frontdoor maintenance: no answer from the watch: ${answer.why}`,
    );
  }
  if (answer.status >= 200 && answer.status < 300) {
    io.stdout.write(json ? `${JSON.stringify(answer.body, null, 2)}\n` : `${describe(answer.body)}\n`);
    return EXIT_OK;
  }
  const message =
    typeof answer.body === 'object' && answer.body !== null && 'message' in answer.body
      ? String((answer.body as { message: unknown }).message)
      : `HTTP ${answer.status}`;
  const hint =
    answer.status === 401 || answer.status === 403
      ? ' (start and end need a token of scope write: --token-file or FRONTDOOR_TOKEN)'
      : '';
  throw new FrontdoorError(
    'FD_ERR_WATCH_API',
    `frontdoor maintenance: the watch refused (${answer.status}): ${oneLine(message)}${hint}`,
  );
}

function oneLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

function formatWindows(windows: readonly WindowView[]): string {
  if (windows.length === 0) return 'no maintenance windows';
  const rows = windows.map((window) => [
    window.id,
    window.endedAt === null ? 'active' : 'ended',
    window.name,
    describeScope(window.scope),
    window.startsAt,
    window.endedAt ?? window.endsAt,
    window.reason ?? '',
  ]);
  const header = ['ID', 'STATE', 'NAME', 'SCOPE', 'STARTS', 'ENDS', 'REASON'];
  const widths = header.map((title, column) =>
    rows.reduce((width, row) => Math.max(width, (row[column] ?? '').length), title.length),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function describeScope(scope: WindowView['scope']): string {
  return [
    ...scope.origins.map((name) => `origin:${name}`),
    ...scope.sites.map((name) => `site:${name}`),
    ...scope.environments.map((name) => `environment:${name}`),
  ].join(',');
}
