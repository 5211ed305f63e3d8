import { parseDuration } from '../config/parse-duration.js';
import { FrontdoorError } from '../errors.js';
import type { IncidentDossier } from '../incidents/incident-dossier.js';
import type { IncidentEntry } from '../web/incident-entry.js';
import { type Command, EXIT_OK } from './command.js';
import { getFromWatch, type WatchAnswer } from './get-from-watch.js';
import { renderIncidentDossierText, renderIncidentListText } from './incident-text.js';
import { INCIDENT_USAGE } from './incident-usage.js';
import { parseFlags } from './parse-flags.js';
import { readServerUrl } from './read-server-url.js';
import { readToken } from './read-token.js';

const DEFAULT_SERVER = 'http://127.0.0.1:9470';
const STATES = ['open', 'resolved', 'all'] as const;
/** A dossier lists every target and transition; a fleet-wide incident on 10,000 targets stays well under this. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * `frontdoor incident list | show ID`: the watch's incidents over its read API, so the write-up a person
 * pastes into the report is the one the dashboard drafts, byte for byte. Parse, ask, render.
 */
export const incidentCommand: Command = async (argv, io) => {
  const usage = (why: string) =>
    new FrontdoorError('FD_ERR_USAGE', `frontdoor incident: ${why}; see 'frontdoor incident --help'`);
  const { values, positionals } = parseFlags('incident', argv, {
    state: { type: 'string' },
    limit: { type: 'string' },
    markdown: { type: 'boolean' },
    json: { type: 'boolean' },
    server: { type: 'string' },
    token: { type: 'string' },
    'token-file': { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(INCIDENT_USAGE);
    return EXIT_OK;
  }
  const [action, ...rest] = positionals;
  if (action !== 'list' && action !== 'show') {
    throw usage(action === undefined ? 'missing list or show' : `unknown action '${action}'`);
  }
  if (values.markdown === true && values.json === true) throw usage('give --markdown or --json, not both');
  const timeoutMs =
    values.timeout === undefined ? 10_000 : parseDuration(values.timeout, 'frontdoor incident: --timeout');
  const token = await readToken(
    'incident',
    {
      ...(values.token === undefined ? {} : { token: values.token }),
      ...(values['token-file'] === undefined ? {} : { tokenFile: values['token-file'] }),
    },
    io,
  );
  const ask = async (path: string): Promise<WatchAnswer> => {
    const url = readServerUrl('incident', '--server', values.server ?? DEFAULT_SERVER, path);
    return getFromWatch(url, {
      command: 'incident',
      timeoutMs,
      maxBytes: MAX_ANSWER_BYTES,
      ...(token === undefined ? {} : { token: token.token }),
    });
  };

  if (action === 'list') {
    if (rest.length > 0) throw usage(`unexpected argument '${rest[0]}'`);
    if (values.markdown === true) throw usage('--markdown is for show');
    const state = values.state ?? 'all';
    if (!(STATES as readonly string[]).includes(state)) {
      throw usage(`--state: expected one of ${STATES.join(', ')}, got '${state}'`);
    }
    const limit = values.limit ?? '100';
    if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) {
      throw usage(`--limit: expected a whole number from 1 to 1000, got '${limit}'`);
    }
    const answer = expectOk(await ask(`api/v1/incidents?state=${state}&limit=${limit}`), 'the incident list');
    const { incidents } = parseJson(answer) as { incidents: IncidentEntry[] };
    io.stdout.write(values.json === true ? `${answer.body.trimEnd()}\n` : renderIncidentListText(incidents));
    return EXIT_OK;
  }

  const [id, ...extra] = rest;
  if (id === undefined) throw usage('missing the incident ID (frontdoor incident list shows them)');
  if (extra.length > 0) throw usage(`unexpected argument '${extra[0]}'`);
  if (values.state !== undefined || values.limit !== undefined)
    throw usage('--state and --limit are for list');
  const path = `api/v1/incidents/${encodeURIComponent(id)}${values.markdown === true ? '/writeup' : ''}`;
  const answer = expectOk(await ask(path), `incident '${id}'`);
  if (values.markdown === true) io.stdout.write(answer.body);
  else if (values.json === true) io.stdout.write(`${answer.body.trimEnd()}\n`);
  else io.stdout.write(renderIncidentDossierText(parseJson(answer) as IncidentDossier));
  return EXIT_OK;
};

/** A non-2xx answer is one line: the API's own message when it sent one (404's names what it lacks). */
function expectOk(answer: WatchAnswer, what: string): WatchAnswer {
  if (answer.status >= 200 && answer.status < 300) return answer;
  let message = '';
  try {
    const parsed = JSON.parse(answer.body) as { message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not the API's JSON error: the status alone says it
  }
  const why =
    answer.status === 401 || answer.status === 403
      ? 'needs a token of scope read (--token-file or FRONTDOOR_TOKEN)'
      : `HTTP ${answer.status}`;
  throw new FrontdoorError(
    'FD_ERR_WATCH_API',
    `frontdoor incident: ${what}: ${why}${message === '' ? '' : `: ${oneLine(message)}`}`,
  );
}

function parseJson(answer: WatchAnswer): unknown {
  try {
    return JSON.parse(answer.body);
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_WATCH_API',
      `frontdoor incident: the answer is not JSON (content-type ${answer.contentType || 'none'}): is --server a frontdoor watch?`,
      { cause: error },
    );
  }
}

function oneLine(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}
