/**
 * Takes secrets out of a text before it is logged, stored or shown: each secret, and its URL-encoded form,
 * becomes "[redacted]". Secrets shorter than 4 characters are left alone (they would blank common words).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = secrets
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join('[redacted]');
  return out;
}

/** "https://hooks.slack.com" for a URL whose path or query may hold a token: where, never what. */
export function describeDestination(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'an unparseable URL';
  }
}

/** The secrets a URL carries: its user info, its path and its query (a webhook's token sits in either). */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.username, parsed.password, parsed.pathname, parsed.search, url].filter(
      (part) => part.length >= 4 && part !== '/',
    );
  } catch {
    return [url];
  }
}

/** Header values are secrets (Authorization: Bearer ...), and so is each word of them. */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  return Object.values(headers).flatMap((value) => [value, ...value.split(/\s+/)]);
}
