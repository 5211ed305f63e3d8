export type PathSegment = string | number;

/**
 * One problem in a configuration file, addressed by its path in the document.
 * `at: 'key'` points at the key itself (unknown or duplicate keys); otherwise at the value.
 */
export interface ConfigIssue {
  path: PathSegment[];
  message: string;
  at?: 'key' | 'value';
  /** exact source offset, when the path alone is ambiguous (the second of two duplicate keys) */
  offset?: number;
}

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * Renders a path the way a reader finds it in the file.
 * @example formatPath(['sites', 'shop', 'origins', 1]) // "sites.shop.origins[1]"
 * @example formatPath(['resolve', 'shop.internal'])   // 'resolve["shop.internal"]'
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
