/**
 * Why a delivery failed, from the error's code or the answer's status, never from message text:
 * - timeout, refused, reset, dns, tls, network: the request did not complete (retryable);
 * - rate_limited: 429, honour Retry-After (retryable);
 * - http_status: any other non-success status (5xx and 408 retryable, other 4xx permanent);
 * - too_large: the answer exceeded what is read (retryable: it is the receiver misbehaving);
 * - smtp_rejected / smtp_transient: the mail server's 5xx / 4xx; auth: credentials refused (permanent);
 * - not_configured: the channel is gone from the configuration (permanent).
 */
export type DeliveryFailureCode =
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'tls'
  | 'network'
  | 'rate_limited'
  | 'http_status'
  | 'too_large'
  | 'smtp_rejected'
  | 'smtp_transient'
  | 'auth'
  | 'not_configured';

export type DeliveryOutcome =
  | { ok: true; status?: number; detail: string }
  | {
      ok: false;
      retryable: boolean;
      code: DeliveryFailureCode;
      /** one line, with no secret in it */
      detail: string;
      status?: number;
      /** the receiver's Retry-After, in ms */
      retryAfterMs?: number;
    };

/** Reads Retry-After: delay-seconds or an HTTP-date (RFC 9110 10.2.3), as ms from `now`; undefined if absent or bad. */
export function readRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Generic HTTP classification: 2xx delivered; 408, 429 and 5xx worth retrying; any other 4xx is permanent. */
export function classifyHttpStatus(
  status: number,
  retryAfter: string | undefined,
  now: number,
  describe: string,
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { ok: true, status, detail: `${status}` };
  const retryAfterMs = readRetryAfter(retryAfter, now);
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 429) {
    return {
      ok: false,
      retryable: true,
      code: 'rate_limited',
      status,
      detail: `429 ${describe}`,
      ...withRetryAfter,
    };
  }
  const retryable = status === 408 || status >= 500;
  return {
    ok: false,
    retryable,
    code: 'http_status',
    status,
    detail: `${status} ${describe}`,
    ...withRetryAfter,
  };
}
