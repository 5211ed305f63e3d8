import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * @typedef {object} PreparedCase
 * @property {string[]} args frontdoor's arguments
 * @property {number} [feedBytes] zero bytes written to its stdin (a /dev/zero bounded by the feeder)
 * @property {string[]} [setupArgs] a frontdoor command run first, unmeasured (a baseline)
 * @property {() => Promise<void>} [afterSetup] changes made between the setup command and the case
 * @property {Record<string, string>} [env] added to frontdoor's environment
 */

/**
 * @typedef {object} HostileCase
 * @property {string} name
 * @property {string} what the input, in a few words
 * @property {number} budgetMs the time the case may take: its own --timeout, or what a refusal or the
 *   work asked for should need; the goal is within this plus 2 s, under 200 MB
 * @property {(dir: string, lab: BenchLab) => Promise<PreparedCase>} prepare writes the case's inputs
 */

/**
 * @typedef {object} BenchLab
 * @property {string} closedAddress a fresh loopback address
 * @property {number} closedPort a port nothing listens on, on that address
 * @property {number} localhostPort a port nothing listens on, on 127.0.0.1
 * @property {string} healthyUrl an http URL on loopback that answers 200
 */

const NEST_LEVELS = 2000;

/** Every memory and time case of issue 11, replayed against the built CLI. */
export const HOSTILE_CASES = /** @type {HostileCase[]} */ ([
  {
    name: 'dump-dev-zero',
    what: "discover nginx --dump - fed 512 MiB of zeros (the feeder's bound)",
    budgetMs: 5000,
    prepare: async () => ({ args: ['discover', 'nginx', '--dump', '-'], feedBytes: 512 * 1024 * 1024 }),
  },
  {
    name: 'include-dev-zero',
    what: 'an nginx include of /dev/zero',
    budgetMs: 5000,
    prepare: async (dir) => ({
      args: ['discover', 'nginx', '--config', await mainIncluding(dir, '/dev/zero')],
    }),
  },
  {
    name: 'include-dev-urandom',
    what: 'an nginx include of /dev/urandom',
    budgetMs: 5000,
    prepare: async (dir) => ({
      args: ['discover', 'nginx', '--config', await mainIncluding(dir, '/dev/urandom')],
    }),
  },
  {
    name: 'dump-fifo',
    what: 'discover nginx --dump of a FIFO nobody writes to',
    budgetMs: 5000,
    prepare: async (dir) => {
      execFileSync('mkfifo', [join(dir, 'dump.fifo')]);
      return { args: ['discover', 'nginx', '--dump', join(dir, 'dump.fifo')] };
    },
  },
  {
    name: 'state-dir-proc',
    what: 'host baseline --state-dir under /proc',
    budgetMs: 5000,
    prepare: async () => ({ args: ['host', 'baseline', '--state-dir', '/proc/frontdoor-bench/state'] }),
  },
  {
    name: 'drift-diff-20k',
    what: 'host: drift of a 20,000-line include, every line changed',
    budgetMs: 10_000,
    prepare: async (dir) => {
      const main = await mainIncluding(dir, join(dir, 'big.conf'));
      const state = join(dir, 'state');
      await mkdir(state);
      await writeFile(join(dir, 'big.conf'), numberedLines(20_000, 'before'));
      // the case's own run sees the include rewritten after the baseline was taken
      const args = ['host', '--nginx-config', main, '--state-dir', state, '--since', '1h'];
      return {
        setupArgs: ['host', 'baseline', '--nginx-config', main, '--state-dir', state],
        args,
        afterSetup: () => writeFile(join(dir, 'big.conf'), numberedLines(20_000, 'after')),
      };
    },
  },
  {
    name: 'sites-10k-resolve-10k',
    what: '10,000 sites, a 10,000-entry resolve map, every target a refused connection',
    budgetMs: 30_000,
    prepare: async (dir, lab) => {
      const lines = ['resolve:'];
      for (let index = 0; index < 10_000; index += 1)
        lines.push(`  s${index}.bench.test: ${lab.closedAddress}`);
      lines.push('sites:');
      for (let index = 0; index < 10_000; index += 1) {
        lines.push(`  s${index}: { url: "http://s${index}.bench.test:${lab.closedPort}/health" }`);
      }
      const config = join(dir, 'sites.yaml');
      await writeFile(config, `${lines.join('\n')}\n`);
      return { args: ['check', '-c', config, '--timeout', '1s', '--concurrency', '64', '--json'] };
    },
  },
  {
    name: 'yaml-alias-expansion',
    what: 'YAML: one 20,000-item list aliased by 99 sites',
    budgetMs: 5000,
    prepare: async (dir) => {
      const list = Array.from({ length: 20_000 }, (_, index) => `  - h${index}.bench.test`);
      const sites = Array.from(
        { length: 99 },
        (_, index) => `  s${index}: { url: "http://a${index}.bench.test/", aliases: *l }`,
      );
      const config = join(dir, 'aliases.yaml');
      await writeFile(config, ['x-list: &l', ...list, 'sites:', ...sites, ''].join('\n'));
      return { args: ['check', '-c', config, '--timeout', '1s'] };
    },
  },
  {
    name: 'yaml-nested-2000',
    what: `YAML nested ${NEST_LEVELS} levels in block style`,
    budgetMs: 5000,
    prepare: async (dir) => {
      let text = 'x-deep:\n';
      for (let level = 1; level <= NEST_LEVELS; level += 1) text += `${' '.repeat(level)}k:\n`;
      const config = join(dir, 'deep.yaml');
      await writeFile(config, `${text}sites: {}\n`);
      return { args: ['check', '-c', config] };
    },
  },
  {
    name: 'nginx-130k-directives',
    what: 'an nginx file with 130,000 directives in one block',
    budgetMs: 10_000,
    prepare: async (dir) => {
      const headers = Array.from({ length: 130_000 }, (_, index) => `    add_header x-bench-${index} v;`);
      const main = join(dir, 'nginx.conf');
      await writeFile(
        main,
        ['events {}', 'http {', '  server {', '    listen 127.0.0.1:8080;', ...headers, '  }', '}', ''].join(
          '\n',
        ),
      );
      return { args: ['discover', 'nginx', '--config', main] };
    },
  },
  {
    name: 'include-fan-out-2^30',
    what: 'nginx includes: 30 files, each including the next twice',
    budgetMs: 5000,
    prepare: async (dir) => {
      for (let level = 0; level < 30; level += 1) {
        const next = join(dir, `f${level + 1}.conf`);
        const body = level === 29 ? '# the bottom\n' : `include ${next};\ninclude ${next};\n`;
        await writeFile(join(dir, `f${level}.conf`), body);
      }
      await writeFile(join(dir, 'f30.conf'), '# the bottom\n');
      const main = join(dir, 'nginx.conf');
      await writeFile(main, `events {}\nhttp {\n  include ${join(dir, 'f0.conf')};\n}\n`);
      return { args: ['discover', 'nginx', '--config', main] };
    },
  },
  {
    name: 'ca-dev-zero',
    what: 'check --ca /dev/zero',
    budgetMs: 5000,
    prepare: async (_dir, lab) => ({
      args: ['check', `https://${lab.closedAddress}:${lab.closedPort}/`, '--ca', '/dev/zero'],
    }),
  },
  {
    name: 'env-expansion-2gb',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a configuration's ${VAR} reference
    what: 'a 100 kB ${BIG} referenced 20,000 times in one header value (2 GB expanded)',
    budgetMs: 5000,
    prepare: async (dir) => {
      const config = join(dir, 'env.yaml');
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a configuration's ${VAR} reference
      const value = '${BIG}'.repeat(20_000);
      await writeFile(
        config,
        `sites:\n  a:\n    url: http://a.bench.test/\n    headers: { x-a: "${value}" }\n`,
      );
      return { args: ['check', '-c', config, '--timeout', '1s'], env: { BIG: 'x'.repeat(100_000) } };
    },
  },
  {
    name: 'discover-yaml-130k-blocks',
    what: 'discover nginx --yaml of 130,000 server blocks (within the directive limit)',
    budgetMs: 60_000,
    prepare: async (dir) => {
      const blocks = Array.from(
        { length: 130_000 },
        (_, index) => `  server { listen 127.0.0.1:8080; server_name s${index}.bench.test; }`,
      );
      const main = join(dir, 'nginx.conf');
      await writeFile(main, ['events {}', 'http {', ...blocks, '}', ''].join('\n'));
      return { args: ['discover', 'nginx', '--config', main, '--yaml'] };
    },
  },
  {
    name: 'deploy-240mb-no-newline',
    what: 'verify --during: a deploy writing 240 MB without a newline',
    budgetMs: 20_000,
    prepare: async (_dir, lab) => ({
      args: [
        'verify',
        lab.healthyUrl,
        '--burst',
        '2',
        '--during',
        '--',
        'sh',
        '-c',
        "head -c 240000000 /dev/zero | tr '\\000' '#'",
      ],
    }),
  },
  {
    name: 'dns-8-stuck-plus-hosts',
    what: '8 unresolvable names and localhost (from /etc/hosts), --timeout 3s',
    budgetMs: 3000,
    prepare: async (_dir, lab) => ({
      args: [
        'check',
        ...Array.from({ length: 8 }, (_, index) => `http://stuck-${index}.bench.invalid/`),
        `http://localhost:${lab.localhostPort}/`,
        '--timeout',
        '3s',
      ],
    }),
  },
]);

/**
 * A main nginx.conf in `dir` whose http block includes `path`.
 * @param {string} dir
 * @param {string} path
 */
async function mainIncluding(dir, path) {
  const main = join(dir, 'nginx.conf');
  await writeFile(main, `events {}\nhttp {\n  include ${path};\n}\n`);
  return main;
}

/**
 * @param {number} count
 * @param {string} tag
 */
function numberedLines(count, tag) {
  const lines = Array.from({ length: count }, (_, index) => `# ${tag} line ${index}`);
  return `${lines.join('\n')}\n`;
}
