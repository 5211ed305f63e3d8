import { createSecureContext, type SecureContext } from 'node:tls';
import { uniqueCertificates } from './unique-certificates.js';

export type CreateSecureContext = typeof createSecureContext;

/** The native half of a SecureContext: Node's own createSecureContext adds each `ca` entry through it. */
interface NativeContext {
  addCACert?: (pem: string) => void;
}

/**
 * A SecureContext that trusts Node's default store (`node`: what that store holds), the system's
 * certificates and the extra CAs. Node builds its default store once per process from compiled-in roots
 * (~1 ms), while an explicit `ca` list makes OpenSSL parse every PEM (~0.16 ms each: 45 ms for Debian's 288,
 * paid by every run). So the context starts from the default store and only the certificates it lacks are
 * added, through the native addCACert that createSecureContext itself uses for `ca`; a runtime without it
 * gets one `ca` list of every certificate once, as before.
 */
export function buildTrustContext(
  node: readonly string[],
  system: readonly string[],
  extra: readonly string[],
  create: CreateSecureContext = createSecureContext,
): SecureContext {
  const missing = uniqueCertificates([system, extra], node);
  const context = create();
  if (missing.length === 0) return context;
  const native = (context as { context?: NativeContext }).context;
  if (typeof native?.addCACert !== 'function') return create({ ca: uniqueCertificates([node, missing]) });
  for (const pem of missing) native.addCACert(pem);
  return context;
}
