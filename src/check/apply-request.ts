import type { Target } from '../config/target.js';
import type { HttpOffer } from '../probe/http-offer.js';

/** The request given on the command line (--method, --header, --request-body); each replaces a target's own. */
export interface RequestOverrides {
  method?: string;
  /** header name as given -> value; merged over the target's headers, names compared without case */
  headers?: Record<string, string>;
  body?: string;
  /** --http1.1 / --http2: the one HTTP version offered, over every site's own `http` */
  http?: HttpOffer;
}

/**
 * Lays the command line's request over a target's: the method and body replace, headers merge by name.
 * A body without a method posts it, as curl -d does, unless the target already sends a body its own way.
 */
export function applyRequest(target: Target, overrides: RequestOverrides): Target {
  const adjusted: Target = { ...target, headers: { ...target.headers } };
  if (overrides.headers !== undefined) {
    for (const [name, value] of Object.entries(overrides.headers)) {
      for (const existing of Object.keys(adjusted.headers)) {
        if (existing.toLowerCase() === name.toLowerCase()) delete adjusted.headers[existing];
      }
      adjusted.headers[name] = value;
    }
  }
  if (overrides.body !== undefined) {
    adjusted.body = overrides.body;
    if (overrides.method === undefined && target.body === undefined && target.method === 'GET') {
      adjusted.method = 'POST';
    }
  }
  if (overrides.method !== undefined) adjusted.method = overrides.method;
  if (overrides.http !== undefined) adjusted.http = overrides.http;
  return adjusted;
}
