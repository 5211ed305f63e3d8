import { parseHostPort } from '../config/parse-host-port.js';
import { FrontdoorError } from '../errors.js';
import type { StoreLocation } from '../store/open-store.js';
import { parseFlags } from './parse-flags.js';
import { parseStoreLocation } from './parse-store-location.js';

export interface ServeArgs {
  config: string | undefined;
  /** the SQLite file (an absolute path) or the shared PostgreSQL */
  store: StoreLocation;
  listen: { host: string; port: number };
  location: string;
  validate: boolean;
  help: boolean;
}

export const DEFAULT_STORE = 'sqlite:./frontdoor.db';
export const DEFAULT_LISTEN = '127.0.0.1:9470';
/** Location names become metric labels and stored columns: keep them plain. */
const LOCATION = /^[A-Za-z0-9][\w.-]{0,62}$/;

function usage(message: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_USAGE', `frontdoor serve: ${message}`);
}

/** Reads `frontdoor serve`'s flags; relative store paths are taken against `cwd`. */
export function parseServeArgs(argv: string[], cwd: string): ServeArgs {
  const { values } = parseFlags(
    'serve',
    argv,
    {
      config: { type: 'string', short: 'c' },
      store: { type: 'string' },
      listen: { type: 'string' },
      location: { type: 'string' },
      validate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  const help = values.help === true;
  if (!help && values.config === undefined)
    throw usage("-c FILE is required (the sites to watch); see 'frontdoor serve --help'");
  // check reads `-c -` once; the watch rereads its file on every reload, which standard input cannot give.
  if (values.config === '-')
    throw usage("-c - (standard input) cannot be read again on SIGHUP: give the configuration's file");
  const store = parseStoreLocation(values.store ?? DEFAULT_STORE, cwd, 'frontdoor serve: --store');
  const listenText = values.listen ?? DEFAULT_LISTEN;
  const listen = parseHostPort(listenText, 'frontdoor serve: --listen');
  if (listen.port === undefined) throw usage(`--listen needs ADDR:PORT, got '${listenText}'`);
  const location = values.location ?? 'local';
  if (!LOCATION.test(location)) {
    throw usage(`--location '${location}' must be letters, digits, '.', '_' or '-' (at most 63)`);
  }
  return {
    config: values.config,
    store,
    listen: { host: listen.host, port: listen.port },
    location,
    validate: values.validate === true,
    help,
  };
}
