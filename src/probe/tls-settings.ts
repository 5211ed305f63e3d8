import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { FrontdoorError } from '../errors.js';

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
const contexts = new Map<string, SecureContext>();

async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new FrontdoorError('FD_ERR_CA_READ', `cannot read CA file ${path}: ${code}`, { cause: error });
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

function contextFor(extraCertificates: readonly string[]): SecureContext {
  const key = extraCertificates.join('\n');
  let context = contexts.get(key);
  if (context === undefined) {
    // Without extra CAs keep Node's default store, which honours NODE_EXTRA_CA_CERTS and --use-openssl-ca.
    context =
      extraCertificates.length === 0
        ? createSecureContext()
        : createSecureContext({ ca: [...rootCertificates, ...extraCertificates] });
    contexts.set(key, context);
  }
  return context;
}

/**
 * Trust settings for probes: the system CAs plus `caFiles` (PEM). Unreadable or non-PEM files throw
 * FrontdoorError FD_ERR_CA_READ ("cannot read CA file ./x.pem: ENOENT").
 * @example const tls = await createTlsSettings({ caFiles: ['./lab-ca.pem'] });
 */
export async function createTlsSettings(
  opts: { caFiles?: string[]; insecure?: boolean } = {},
): Promise<TlsSettings> {
  const caFiles = [...(opts.caFiles ?? [])];
  const certificates: string[] = [];
  for (const file of caFiles) {
    for (const certificate of await readCaFile(file)) certificates.push(certificate);
  }
  return { secureContext: contextFor(certificates), insecure: opts.insecure === true, caFiles };
}
