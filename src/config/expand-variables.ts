import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Scalar, visit } from 'yaml';
import { CONFIG_READ_LIMIT, formatByteLimit } from '../fs/read-limits.js';
import type { ConfigIssue, PathSegment } from './config-issue.js';

/** The environment `${VAR}` references read: injected, never process.env read here. */
export type Environment = Readonly<Record<string, string | undefined>>;

// "$${" is a literal "${"; "${NAME}" a reference; a "${" that is neither is a mistake worth naming.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{/g;

type Expansion =
  | { ok: true; value: string }
  | { ok: false; message: string; index: number; token: string; tooLong?: true };

/**
 * What the values holding `${VAR}` may add up to once expanded, all together: as much as a configuration
 * file may hold. A 100 kB variable referenced 20,000 times was 2 GB, past what a string can hold (exit 70).
 */
export const MAX_EXPANDED_CHARACTERS = CONFIG_READ_LIMIT.maxBytes;

function describeTooLong(maxLength: number, token: string): string {
  const where = token === '' ? '' : ` (here at ${token})`;
  return `environment variables expand the configuration past ${formatByteLimit(maxLength)}${where}, the limit for a frontdoor configuration`;
}

function tooLong(maxLength: number, index: number, token: string): Expansion {
  return { ok: false, index, token, message: describeTooLong(maxLength, token), tooLong: true };
}

/**
 * Replaces `${NAME}` in one string with the environment's value; `$${` stands for a literal `${`. Stops
 * once the value would be longer than `maxLength`.
 * @example expandText('Bearer ${TOKEN}', { TOKEN: 'abc' }) // { ok: true, value: 'Bearer abc' }
 */
export function expandText(text: string, env: Environment, maxLength = MAX_EXPANDED_CHARACTERS): Expansion {
  if (!text.includes('${')) return { ok: true, value: text };
  let value = '';
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const index = match.index;
    value += text.slice(last, index);
    last = index + match[0].length;
    const name = match[1];
    if (match[0] === '$${') {
      value += '${';
    } else if (name === undefined) {
      const end = text.indexOf('}', index);
      const token = end < 0 ? text.slice(index) : text.slice(index, end + 1);
      return {
        ok: false,
        index,
        token,
        message: `'${token}' is not a variable reference: write \${NAME} with letters, digits and _, or $\${ for a literal \${`,
      };
    } else {
      const found = env[name];
      if (found === undefined) {
        return {
          ok: false,
          index,
          token: match[0],
          message: `environment variable ${name} is not set (referenced as \${${name}}; write $\${ for a literal \${)`,
        };
      }
      if (value.length + found.length > maxLength) return tooLong(maxLength, index, match[0]);
      value += found;
    }
  }
  if (value.length + text.length - last > maxLength) return tooLong(maxLength, text.length, '');
  return { ok: true, value: value + text.slice(last) };
}

/**
 * Expands `${VAR}` in every string value of the document, in place, before it becomes a plain object, so
 * secrets (alert channel keys, Authorization headers) live in the environment rather than in the file.
 * Keys are left alone: they name things, they hold no secrets. Values taken from the environment stay
 * strings. Each reference that cannot be expanded is an issue at its own position in `text`.
 * A reference in one of the `unread` top-level sections (what `check` and the agent ignore: the watch's
 * alert channels and API) may stay unset: the watch's file is shared, and a workstation running `check`
 * has no business holding the pager's key. Not when the section defines an anchor, since an alias may
 * carry its values into a section that is read. The expanded values together hold at most `maxExpanded`
 * characters; the value that crosses it is the one issue about it.
 */
export function expandVariables(
  doc: Document,
  text: string,
  env: Environment,
  unread: readonly string[] = [],
  maxExpanded = MAX_EXPANDED_CHARACTERS,
): ConfigIssue[] {
  const optional = findSectionsWithoutAnchors(doc, unread);
  const issues: ConfigIssue[] = [];
  let room = maxExpanded;
  visit(doc, {
    Scalar(key, node: Scalar, ancestors) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const expansion = expandText(node.value, env, room);
      if (expansion.ok) {
        if (expansion.value !== node.value) {
          node.value = expansion.value;
          room -= expansion.value.length;
        }
        return;
      }
      const path = pathOf([...ancestors, node]);
      if (optional.has(String(path[0]))) return;
      // the limit of the whole configuration, not what was left of it for this value
      const message =
        expansion.tooLong === true ? describeTooLong(maxExpanded, expansion.token) : expansion.message;
      issues.push({ path, message, offset: locateToken(node, text, expansion) });
      // Past the limit every later reference would fail alike: one issue says it.
      if (expansion.tooLong === true) return visit.BREAK;
    },
  });
  return issues;
}

/** The `sections` present at the top of the document that define no anchor anywhere inside them. */
function findSectionsWithoutAnchors(doc: Document, sections: readonly string[]): Set<string> {
  const found = new Set<string>();
  if (sections.length === 0 || !isMap(doc.contents)) return found;
  for (const pair of doc.contents.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (name === undefined || !sections.includes(name) || pair.value === null) continue;
    let anchored = false;
    visit(pair.value as Node, (_, node) => {
      if ((node as { anchor?: string }).anchor !== undefined) {
        anchored = true;
        return visit.BREAK;
      }
      return undefined;
    });
    if (!anchored) found.add(name);
  }
  return found;
}

/** Where the reference sits in the source: inside the scalar as written, else the scalar's start. */
function locateToken(node: Scalar, text: string, expansion: { token: string }): number {
  const [start, end] = node.range ?? [0, 0];
  const written = text.slice(start, end).indexOf(expansion.token);
  return written < 0 ? start : start + written;
}

/** The key path of a node from its ancestors as `visit` gives them (document, maps, pairs, sequences). */
function pathOf(chain: readonly unknown[]): PathSegment[] {
  const path: PathSegment[] = [];
  chain.forEach((node, index) => {
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    else if (isSeq(node)) path.push(node.items.indexOf(chain[index + 1] as never));
  });
  return path;
}
