export const MIGRATE_USAGE = `frontdoor migrate: copy the watch's history from one store to another (SQLite to PostgreSQL)

usage: frontdoor migrate --from sqlite:PATH --to postgres://USER@HOST:PORT/DATABASE [--merge] [--chunk N]

  --from STORE     where the history is now (sqlite:PATH or postgres://...); its schema is brought up to
                   date first, nothing else in it changes
  --to STORE       where it goes; created tables and all. It must hold no history yet, unless --merge
  --merge          copy into a store that holds history already: rows it has (by id or key) are kept and
                   only the missing ones are added, so an interrupted copy is finished by running it again
  --chunk N        batches (with their rounds) per transaction (default 500, 1-10000)
  -h, --help       this help

Copies targets, batches, rounds, host events, deploy marks and the minute and hour rollups, keeping every
id. Stop the watch writing to the source first; start the nodes on the target once it is done
(docs/scale.md). Progress goes to stderr.

exit status: 0 copied, 2 bad usage, a store that cannot be opened, or a target whose history is not the
source's.
`;
