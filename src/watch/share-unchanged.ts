import { sameLines } from '../diagnose/same-lines.js';
import type { CertificateSummary, TargetResult } from '../diagnose/target-result.js';

/**
 * Points `result`'s parts that equal the target's previous result at the previous result's own objects,
 * and returns `result`. Most rounds repeat the last one word for word, and the watch keeps each target's
 * latest round for a whole interval: a fresh copy of the same summary, evidence and certificate every round
 * outlives the young generation and is promoted, only to be garbage in the old one an interval later
 * (at 10,000 targets every 30 s that was most of what the heap grew by between full collections). Shared
 * copies die young instead. Results are immutable once built, so sharing is safe; `result` must be fresh
 * (this function assigns its fields).
 */
export function shareUnchanged(result: TargetResult, previous: TargetResult | undefined): TargetResult {
  if (previous === undefined) return result;
  if (result.summary === previous.summary) result.summary = previous.summary;
  if (result.connectTo !== null && result.connectTo === previous.connectTo) {
    result.connectTo = previous.connectTo;
  }
  if (result.httpVersion !== undefined && result.httpVersion === previous.httpVersion) {
    result.httpVersion = previous.httpVersion;
  }
  if (sameLines(result.evidence, previous.evidence)) result.evidence = previous.evidence;
  if (
    result.certificate !== undefined &&
    previous.certificate !== undefined &&
    sameCertificate(result.certificate, previous.certificate)
  ) {
    result.certificate = previous.certificate;
  }
  return result;
}

function sameCertificate(a: CertificateSummary, b: CertificateSummary): boolean {
  return (
    a.fingerprint256 === b.fingerprint256 &&
    a.daysLeft === b.daysLeft &&
    a.trusted === b.trusted &&
    a.coversName === b.coversName &&
    a.chainLength === b.chainLength &&
    a.selfSigned === b.selfSigned &&
    a.subject === b.subject &&
    a.issuer === b.issuer &&
    a.notBefore === b.notBefore &&
    a.notAfter === b.notAfter &&
    sameLines(a.subjectAltNames, b.subjectAltNames)
  );
}
