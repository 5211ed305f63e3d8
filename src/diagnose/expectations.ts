import type { Expectations, Target } from '../config/target.js';
import type { HttpObservation } from '../probe/observation.js';
import { formatStatus, quote, readHeader } from './response-facts.js';

/** Without a configured status list any 2xx or 3xx is acceptable (DESIGN.md). */
export function isAcceptableStatus(expect: Expectations, status: number): boolean {
  if (expect.status === undefined || expect.status.length === 0) return status >= 200 && status <= 399;
  return expect.status.includes(status);
}

export function describeAcceptableStatus(expect: Expectations): string {
  if (expect.status === undefined || expect.status.length === 0) return '200-399';
  return expect.status.join(' or ');
}

export type UnmetKind = 'status' | 'body' | 'header' | 'version';

export interface UnmetExpectation {
  kind: UnmetKind;
  /** one evidence line */
  evidence: string;
}

/** The version marker as served, from the target's version header. */
export function readVersion(target: Target, http: HttpObservation): string | undefined {
  return readHeader(http, target.expect.versionHeader);
}

/** Every expectation of the target this response does not meet, in a fixed order: status, body, headers, version. */
export function findUnmetExpectations(target: Target, http: HttpObservation): UnmetExpectation[] {
  const { expect } = target;
  const unmet: UnmetExpectation[] = [];
  if (!isAcceptableStatus(expect, http.status)) {
    unmet.push({
      kind: 'status',
      evidence: `status ${formatStatus(http)}, expected ${describeAcceptableStatus(expect)}`,
    });
  }
  if (expect.body !== undefined && !http.body.includes(expect.body)) {
    const cut = http.bodyTruncated ? ` (first ${http.body.length} characters read)` : '';
    unmet.push({
      kind: 'body',
      evidence: `body (${http.bodyBytes} bytes${cut}) does not contain ${quote(expect.body)}`,
    });
  }
  for (const { name, value } of expect.headers ?? []) {
    const served = readHeader(http, name);
    if (served === value) continue;
    unmet.push({
      kind: 'header',
      evidence:
        served === undefined
          ? `no ${name} header, expected ${quote(value)}`
          : `${name}: ${quote(served)}, expected ${quote(value)}`,
    });
  }
  if (expect.version !== undefined) {
    const served = readVersion(target, http);
    if (served !== expect.version) {
      unmet.push({
        kind: 'version',
        evidence:
          served === undefined
            ? `no ${expect.versionHeader} header, expected version ${expect.version}`
            : `${expect.versionHeader}: ${served}, expected ${expect.version}`,
      });
    }
  }
  return unmet;
}
