import { FrontdoorError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { type CopyProgress, copyHistory, HISTORY_TABLES } from '../store/copy-history.js';
import { openStore, type StoreLocation } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { type Command, type CommandIo, EXIT_OK } from './command.js';
import { MIGRATE_USAGE } from './migrate-usage.js';
import { parseFlags } from './parse-flags.js';
import { parseStoreLocation } from './parse-store-location.js';

/** Progress is printed at most this often (and at the end of each table). */
const PROGRESS_EVERY_MS = 1_000;

function usage(message: string): FrontdoorError {
  return new FrontdoorError('FD_ERR_USAGE', `frontdoor migrate: ${message}; see 'frontdoor migrate --help'`);
}

/**
 * `frontdoor migrate --from sqlite:PATH --to postgres://...`: opens both stores (each brought to the current
 * schema), copies the history a chunk at a time with progress on stderr, and prints what it copied.
 */
export const migrateCommand: Command = async (argv, io) => {
  const { values } = parseFlags(
    'migrate',
    argv,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      merge: { type: 'boolean' },
      chunk: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help === true) {
    io.stdout.write(MIGRATE_USAGE);
    return EXIT_OK;
  }
  if (values.from === undefined) throw usage('--from STORE is required');
  if (values.to === undefined) throw usage('--to STORE is required');
  const from = parseStoreLocation(values.from, io.cwd, 'frontdoor migrate: --from');
  const to = parseStoreLocation(values.to, io.cwd, 'frontdoor migrate: --to');
  if (sameStore(from, to)) throw usage('--from and --to name the same store');
  const chunk = readChunk(values.chunk);

  const logger = stderrLogger(io);
  const source = await openStore(from, { logger, startTimeoutMs: 10_000 });
  let target: Store | undefined;
  try {
    target = await openStore(to, { logger, startTimeoutMs: 10_000 });
    const started = Date.now();
    let printed = 0;
    const onProgress = ({ table, done, total }: CopyProgress) => {
      const now = Date.now();
      if (done < total && now - printed < PROGRESS_EVERY_MS) return;
      printed = now;
      const share = total === 0 ? 100 : Math.floor((done / total) * 100);
      io.stderr.write(`frontdoor migrate: ${table} ${done}/${total} (${share}%)\n`);
    };
    const counts = await copyHistory(source, target, { chunk, merge: values.merge === true, onProgress });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const lines = HISTORY_TABLES.map(
      (table) =>
        `  ${table}: ${counts[table].written} copied${counts[table].read > counts[table].written ? `, ${counts[table].read - counts[table].written} there already` : ''}`,
    );
    io.stdout.write(
      `frontdoor migrate: ${source.description} -> ${target.description} in ${seconds} s\n${lines.join('\n')}\n`,
    );
    return EXIT_OK;
  } finally {
    await target?.close();
    await source.close();
  }
};

function sameStore(a: StoreLocation, b: StoreLocation): boolean {
  if (a.dialect === 'sqlite' && b.dialect === 'sqlite') return a.path === b.path;
  if (a.dialect === 'postgres' && b.dialect === 'postgres') return a.url === b.url;
  return false;
}

function readChunk(text: string | undefined): number {
  if (text === undefined) return 500;
  const chunk = Number(text);
  if (!/^\d+$/.test(text) || chunk < 1 || chunk > 10_000) {
    throw usage(`--chunk must be a whole number from 1 to 10000, got '${text}'`);
  }
  return chunk;
}

/** Start-up retries and pool warnings of the stores, one line each on stderr. */
function stderrLogger(io: CommandIo): Logger {
  const write = (message: string, fields: object) => {
    const reason = (fields as { reason?: unknown }).reason;
    io.stderr.write(`frontdoor migrate: ${message}${typeof reason === 'string' ? ` (${reason})` : ''}\n`);
  };
  return {
    info: () => undefined,
    warn: (fields, message) => write(message, fields),
    error: (fields, message) => write(message, fields),
  };
}
