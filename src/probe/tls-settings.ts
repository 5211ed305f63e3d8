import { X509Certificate } from 'node:crypto';
import type { SecureContext } from 'node:tls';
import { FrontdoorError } from '../errors.js';
import { describeReadFailure, readBoundedText } from '../fs/read-bounded-file.js';
import { CA_FILE_READ_LIMIT } from '../fs/read-limits.js';
import { buildTrustContext } from './build-trust-context.js';
import {
  readNodeDefaultCertificates,
  readSystemCertificates,
  SYSTEM_BUNDLES,
} from './system-certificates.js';

/** How probes verify servers. One SecureContext is shared by every probe with the same trust store. */
export interface TlsSettings {
  secureContext: SecureContext;
  /** continue to HTTP when verification fails (the failure is still recorded) */
  insecure: boolean;
  caFiles: string[];
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

// Building a SecureContext parses the whole root store; doing it per probe costs ~40% of a probe's CPU, so
// contexts are memoised per trust store (keyed by the extra CA certificates' text) for the process lifetime.
// First level: the system store read for a bundle list (by identity); second: the extra CAs' text.
const contexts = new Map<readonly string[], Map<string, SecureContext>>();

async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    // Bounded and regular files only: `--ca /dev/zero` took 600 MB, and a FIFO hung the run before any probe.
    text = await readBoundedText(path, CA_FILE_READ_LIMIT);
  } catch (error) {
    throw new FrontdoorError('FD_ERR_CA_READ', `cannot read CA file ${path}: ${describeReadFailure(error)}`, {
      cause: error,
    });
  }
  const certificates = text.match(PEM_CERTIFICATE);
  if (certificates === null) {
    throw new FrontdoorError('FD_ERR_CA_READ', `cannot read CA file ${path}: no PEM certificate in it`);
  }
  for (const certificate of certificates) {
    try {
      new X509Certificate(certificate);
    } catch (error) {
      throw new FrontdoorError('FD_ERR_CA_READ', `cannot read CA file ${path}: invalid PEM certificate`, {
        cause: error,
      });
    }
  }
  return certificates;
}

// The system store is read once per process and bundle list: every context shares the same answer.
const systemStores = new Map<readonly string[], Promise<string[]>>();
let nodeDefaults: Promise<string[]> | undefined;

function contextFor(
  nodeCertificates: readonly string[],
  systemCertificates: readonly string[],
  extraCertificates: readonly string[],
): SecureContext {
  let byExtra = contexts.get(systemCertificates);
  if (byExtra === undefined) {
    byExtra = new Map();
    contexts.set(systemCertificates, byExtra);
  }
  const key = extraCertificates.join('\n');
  let context = byExtra.get(key);
  if (context === undefined) {
    // Node's default store, which honours NODE_EXTRA_CA_CERTS and --use-openssl-ca, plus whatever the
    // system's store and the given CAs add to it.
    context = buildTrustContext(nodeCertificates, systemCertificates, extraCertificates);
    byExtra.set(key, context);
  }
  return context;
}

/**
 * Trust settings for probes: Node's roots, the system's trust bundle and `caFiles` (PEM). Unreadable or non-PEM files throw
 * FrontdoorError FD_ERR_CA_READ ("cannot read CA file ./x.pem: no such file or directory (ENOENT)").
 * @example const tls = await createTlsSettings({ caFiles: ['./lab-ca.pem'] });
 */
export async function createTlsSettings(
  opts: { caFiles?: string[]; insecure?: boolean; systemBundles?: readonly string[] } = {},
): Promise<TlsSettings> {
  const bundles = opts.systemBundles ?? SYSTEM_BUNDLES;
  let system = systemStores.get(bundles);
  if (system === undefined) {
    system = readSystemCertificates(bundles);
    systemStores.set(bundles, system);
  }
  const caFiles = [...(opts.caFiles ?? [])];
  const certificates: string[] = [];
  for (const file of caFiles) {
    for (const certificate of await readCaFile(file)) certificates.push(certificate);
  }
  nodeDefaults ??= readNodeDefaultCertificates();
  return {
    secureContext: contextFor(await nodeDefaults, await system, certificates),
    insecure: opts.insecure === true,
    caFiles,
  };
}
