import { z } from 'zod';
import { findHeaderValueProblem, isHeaderName } from '../probe/header-syntax.js';
import { AT_KEY } from './schema-helpers.js';

/** A header name (RFC 9110 token), as a `version_header` or a module's `fail_if_header_matches` names it. */
export const headerName = z
  .string()
  .refine(isHeaderName, { error: (issue) => `'${String(issue.input)}' is not a header name` });

/**
 * Header values: YAML reads `x-build: 42` as a number, which is still a fine header value. Checked as the bytes
 * the probe writes (latin1), so a character such as U+010D, which would be cut to CR on the wire, is refused.
 */
export const headerValue = z
  .union([z.string(), z.number()], { error: 'expected a header value (a string)' })
  .transform(String)
  .superRefine((value, ctx) => {
    const problem = findHeaderValueProblem(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `header value: ${problem}` });
  });

/**
 * Headers a probe sends, for sites and for /probe modules alike: both reach the same request writer.
 * Sites refuse Host because the probe sets it from the URL (and from aliases); blackbox modules may set it.
 */
export function requestHeadersSchema(options: { refuseHost: boolean }) {
  return z.record(z.string(), headerValue).superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!isHeaderName(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `'${name}' is not a header name`,
          params: AT_KEY,
        });
      } else if (options.refuseHost && name.toLowerCase() === 'host') {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'the Host header comes from the URL; list other hostnames under aliases',
          params: AT_KEY,
        });
      }
    }
  });
}
