import { lookup } from 'node:dns/promises';
import { resolve } from 'node:path';
import { compareCoverage, listCheckedHostnames } from '../discover/compare-coverage.js';
import { discoverNginx } from '../discover/discover-nginx.js';
import { createDiskConfigSource, type NginxConfigSource } from '../discover/nginx/nginx-config-source.js';
import { createDumpConfigSource, parseNginxDump } from '../discover/nginx/read-nginx-dump.js';
import type { ResolveListenHost } from '../discover/nginx/resolve-listen-hosts.js';
import {
  parseTrustedRoots,
  type ReadCertificateFile,
  readCertificateFromDisk,
} from '../discover/read-certificates.js';
import { readNginxPrefix } from '../discover/read-nginx-prefix.js';
import { renderDiscovery, renderDiscoveryNotes } from '../discover/render-discovery.js';
import { renderDraftConfig } from '../discover/render-draft-config.js';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure, readBoundedStream, readBoundedText } from '../fs/read-bounded-file.js';
import { NGINX_DUMP_READ_LIMIT } from '../fs/read-limits.js';
import { readNodeDefaultCertificates, readSystemCertificates } from '../probe/system-certificates.js';
import { spawnProcess } from '../process/spawn-process.js';
import { type Command, type CommandIo, EXIT_FAILED, EXIT_OK } from './command.js';
import { loadConfigArgument } from './load-config-argument.js';
import { parseFlags } from './parse-flags.js';

const HELP = `usage: frontdoor discover nginx [--config FILE] [--dump FILE|-] [--prefix DIR] [--json|--yaml] [--against frontdoor.yaml]

Lists every entrance nginx serves: listens, server names, roots, upstreams and certificates, with each
address:port's TLS, HTTP/2 and default server as nginx resolves them. nginx is the only proxy it reads.

options:
  --config FILE     main configuration file (default /etc/nginx/nginx.conf); includes and certificate
                    paths resolve against its folder
  --dump FILE|-     read the output of 'nginx -T' from FILE or stdin instead of the live files
  --prefix DIR      nginx's prefix (its -p), where relative roots resolve (default: from 'nginx -V')
  --json            print the inventory, warnings and coverage as JSON
  --yaml            print a draft frontdoor configuration (sites, origins, host listeners)
  --against FILE    compare with a frontdoor configuration: exit 1 when a served hostname is never
                    checked or a checked hostname is not served
  -h, --help        this help`;

const DEFAULT_CONFIG = '/etc/nginx/nginx.conf';

/** What the command needs from the world besides the process streams; injected for tests. */
export interface DiscoverDependencies {
  now: () => Date;
  readCertificate: ReadCertificateFile;
  /** nginx's prefix from the installed nginx (`nginx -V`), found on this PATH */
  readPrefix: (pathVariable: string) => Promise<{ path: string; from: string } | undefined>;
  /** the roots probes trust (PEM), to tell which certificates a draft must trust with `ca:` */
  trustedRoots: () => Promise<string[]>;
  /** this machine's resolver, for hostnames in `listen` (nginx resolves them when it starts) */
  resolveListenHost: ResolveListenHost;
}

const SUPPORTED = "frontdoor discovers nginx only: 'frontdoor discover nginx'";

async function openSource(
  values: { config?: string | undefined; dump?: string | undefined },
  io: CommandIo,
): Promise<{ mainFile: string; source: NginxConfigSource }> {
  if (values.dump === undefined) {
    return { mainFile: resolve(io.cwd, values.config ?? DEFAULT_CONFIG), source: createDiskConfigSource() };
  }
  const label = values.dump === '-' ? 'stdin' : values.dump;
  let text: string;
  try {
    text =
      values.dump === '-'
        ? (await readBoundedStream(io.stdin, NGINX_DUMP_READ_LIMIT)).toString('utf8')
        : await readBoundedText(resolve(io.cwd, values.dump), NGINX_DUMP_READ_LIMIT);
  } catch (error) {
    throw new FrontdoorError(
      'FD_ERR_NGINX_CONFIG',
      `cannot read dump ${label}: ${describeReadFailure(error)}`,
      {
        cause: error,
      },
    );
  }
  const dump = parseNginxDump(text, label);
  // --config names which dumped file is the main one when the dump holds several trees.
  const mainFile = values.config === undefined ? dump.mainFile : resolve(io.cwd, values.config);
  return { mainFile, source: createDumpConfigSource(dump, `dump ${label}`) };
}

/** Builds `frontdoor discover` over injectable clock and certificate reader. */
export function createDiscoverCommand(dependencies: DiscoverDependencies): Command {
  return async (argv, io) => {
    const { values, positionals } = parseFlags('discover', argv, {
      config: { type: 'string' },
      dump: { type: 'string' },
      json: { type: 'boolean' },
      yaml: { type: 'boolean' },
      against: { type: 'string' },
      prefix: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const [kind, ...extra] = positionals;
    if (kind === undefined) {
      throw new FrontdoorError('FD_ERR_USAGE', `frontdoor discover: say what to discover: ${SUPPORTED}`);
    }
    if (kind !== 'nginx') {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        `frontdoor discover: '${kind}' is not supported; ${SUPPORTED}`,
      );
    }
    if (extra.length > 0) {
      throw new FrontdoorError('FD_ERR_USAGE', `frontdoor discover: unexpected argument '${extra[0]}'`);
    }
    if (values.json === true && values.yaml === true) {
      throw new FrontdoorError(
        'FD_ERR_USAGE',
        'frontdoor discover: --json and --yaml are exclusive; pick one',
      );
    }
    const { mainFile, source } = await openSource(values, io);
    const prefix =
      values.prefix === undefined
        ? await dependencies.readPrefix(io.env.PATH ?? '')
        : { path: resolve(io.cwd, values.prefix), from: '--prefix' };
    const discovery = await discoverNginx(mainFile, source, {
      now: dependencies.now(),
      readCertificate: dependencies.readCertificate,
      trustedRoots: parseTrustedRoots(await dependencies.trustedRoots()),
      resolveListenHost: dependencies.resolveListenHost,
      ...(prefix === undefined ? {} : { prefix }),
    });
    const coverage =
      values.against === undefined
        ? undefined
        : compareCoverage(
            discovery.inventory,
            listCheckedHostnames((await loadConfigArgument(values.against, io)).sites),
          );

    const compared = coverage === undefined ? undefined : { against: values.against ?? '', report: coverage };
    if (values.json === true) {
      const body = { ...discovery, ...(coverage === undefined ? {} : { coverage }) };
      io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    } else if (values.yaml === true) {
      io.stdout.write(renderDraftConfig(discovery.inventory));
      // stdout is the file being drafted; what the operator must read goes to stderr.
      io.stderr.write(renderDiscoveryNotes(discovery.warnings, compared));
    } else {
      io.stdout.write(renderDiscovery(discovery, compared));
    }
    const uncovered =
      coverage !== undefined && (coverage.unchecked.length > 0 || coverage.unserved.length > 0);
    return uncovered ? EXIT_FAILED : EXIT_OK;
  };
}

export const discoverCommand: Command = createDiscoverCommand({
  now: () => new Date(),
  readCertificate: readCertificateFromDisk,
  readPrefix: (pathVariable) => readNginxPrefix(spawnProcess, pathVariable),
  // What a probe trusts by default: Node's roots and the system's bundle.
  trustedRoots: async () => [...(await readNodeDefaultCertificates()), ...(await readSystemCertificates())],
  // getaddrinfo, as nginx resolves a listen's hostname: every address, IPv4 and IPv6.
  resolveListenHost: async (host) => (await lookup(host, { all: true })).map((entry) => entry.address),
});
