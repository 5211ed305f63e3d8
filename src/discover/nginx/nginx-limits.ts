import { NGINX_DUMP_READ_LIMIT } from '../../fs/read-limits.js';

/**
 * How much of an nginx tree discovery and drift detection read before they refuse it. nginx itself has no
 * such limits (it rereads a file included twice and follows any fan-out), so a loop of globs or a generated
 * file can cost it, and us, without end; these are far above real trees (thousands of sites each including
 * a few snippets; a large ingress-nginx controller writes some hundred thousand directives) and stop the
 * rest with one line naming the limit.
 */
export interface NginxLimits {
  /** files spliced in, a file included twice counting twice: an include fan-out grows this exponentially */
  maxFileReads: number;
  /** bytes over every file read, rereads included */
  maxTotalBytes: number;
  /** directives parsed, and directives in the tree once includes are spliced in */
  maxDirectives: number;
  /** blocks inside blocks; real trees nest half a dozen deep (http, server, location, if) */
  maxDepth: number;
}

export const NGINX_LIMITS: NginxLimits = {
  maxFileReads: 100_000,
  maxTotalBytes: NGINX_DUMP_READ_LIMIT.maxBytes,
  maxDirectives: 500_000,
  maxDepth: 100,
};

/** What is left of the limits while one tree is read; shared by every file of it. */
export interface NginxBudget {
  limits: NginxLimits;
  fileReads: number;
  bytes: number;
  directives: number;
  spliced: number;
}

export function createNginxBudget(limits: NginxLimits = NGINX_LIMITS): NginxBudget {
  return { limits, fileReads: 0, bytes: 0, directives: 0, spliced: 0 };
}

/** "1,000,000": limits read better with separators. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}
