/** nginx treats an include as a glob when its path holds one of these (ngx_conf_include: strpbrk "*?["). */
export function hasGlobMagic(path: string): boolean {
  return /[*?[]/.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Converts one glob path segment to an anchored RegExp with glob(3) rules: `*` and `?` never match `/`,
 * `[...]` and `[!...]` are character classes, and a leading dot must be matched literally.
 */
export function compileGlobSegment(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i += 1) {
    const ch = segment[i] as string;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += escapeRegExp(ch);
  }
  const hiddenGuard = segment.startsWith('.') ? '' : '(?!\\.)';
  return new RegExp(`^${hiddenGuard}${source}$`);
}

/** Whether an absolute `path` matches an absolute glob `pattern`, segment by segment. */
export function matchGlobPath(pattern: string, path: string): boolean {
  const patternParts = pattern.split('/');
  const pathParts = path.split('/');
  if (patternParts.length !== pathParts.length) return false;
  return patternParts.every((part, index) => compileGlobSegment(part).test(pathParts[index] as string));
}
