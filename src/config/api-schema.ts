import { z } from 'zod';
import { API_SCOPES } from './api-config.js';
import type { ParseOutcome } from './parse-outcome.js';
import { closedObject, parsedString } from './schema-helpers.js';

const TOKEN_HASH = /^sha256:[0-9a-f]{64}$/;

/**
 * A token hash as `frontdoor token hash` prints it. The value is never echoed in the message: a token
 * pasted here by mistake is a secret.
 */
export function readTokenHash(text: string): ParseOutcome<string> {
  const trimmed = text.trim().toLowerCase();
  if (TOKEN_HASH.test(trimmed)) return { ok: true, value: trimmed };
  return {
    ok: false,
    problem: "not a token hash ('sha256:' and 64 hex digits); `frontdoor token hash` prints one",
  };
}

const apiToken = closedObject({
  name: z.string().min(1, { error: 'must not be empty' }),
  scope: z.enum(API_SCOPES),
  origin: z.string().min(1, { error: 'must not be empty' }).optional(),
  hash: parsedString(readTokenHash),
});

/** The `api:` section (WATCH.md). Cross-checks (unique names, agent origins) are in check-api-tokens.ts. */
export const apiSchema = closedObject({
  tokens: z.array(apiToken).nullish(),
});
