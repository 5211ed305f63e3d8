import { createSecureContext, rootCertificates, type SecureContextOptions } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { buildTrustContext, type CreateSecureContext } from './build-trust-context.js';

const node = rootCertificates.slice(0, 40);
/** A system bundle that repeats Node's roots (re-wrapped, as Debian's file does) and adds two of its own. */
const system = [...node.map((pem) => pem.replaceAll('\n', '\r\n')), ...rootCertificates.slice(40, 42)];
const extra = [rootCertificates[42] ?? '', rootCertificates[40] ?? ''];

/** The real createSecureContext, recording the options of each call and every certificate added natively. */
function recordingCreate() {
  const calls: Array<SecureContextOptions | undefined> = [];
  const added: string[] = [];
  const create = ((options?: SecureContextOptions) => {
    calls.push(options);
    const context = createSecureContext(options);
    const native = (context as unknown as { context: { addCACert(pem: string): void } }).context;
    const addCACert = native.addCACert.bind(native);
    native.addCACert = (pem: string) => {
      added.push(pem);
      addCACert(pem);
    };
    return context;
  }) as CreateSecureContext;
  return { create, calls, added };
}

describe('buildTrustContext', () => {
  it("starts from Node's default store and adds only the certificates it lacks, each once", () => {
    const { create, calls, added } = recordingCreate();
    buildTrustContext(node, system, extra, create);
    expect(calls).toEqual([undefined]);
    expect(added).toEqual([rootCertificates[40], rootCertificates[41], rootCertificates[42]]);
  });

  it('keeps the default store untouched when nothing is missing from it', () => {
    const { create, calls, added } = recordingCreate();
    buildTrustContext(node, system.slice(0, 40), [], create);
    expect(calls).toEqual([undefined]);
    expect(added).toEqual([]);
  });

  it('falls back to one ca list of every certificate once where the runtime cannot add to a context', () => {
    const calls: Array<SecureContextOptions | undefined> = [];
    const create = ((options?: SecureContextOptions) => {
      calls.push(options);
      return { context: {} };
    }) as unknown as CreateSecureContext;
    buildTrustContext(node, system, extra, create);
    expect(calls).toEqual([
      undefined,
      { ca: [...node, rootCertificates[40], rootCertificates[41], rootCertificates[42]] },
    ]);
  });
});
