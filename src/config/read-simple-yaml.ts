/**
 * A reader for the plain subset of YAML that configuration files are almost always written in, producing
 * exactly what the `yaml` package's `parse` would, or undefined for anything outside the subset, which then
 * goes to the full parser (that also owns every error message). It exists for speed: the `yaml` package
 * costs ~15 ms to load and ~80 us per site to parse (230 ms for 3,000 sites), this ~2 us.
 *
 * The subset: block mappings indented with spaces, block sequences of one-line items, one-line flow
 * sequences and mappings, plain and quoted one-line scalars, comments. Anything else is refused: anchors,
 * aliases, tags, block scalars, multi-line scalars or flow collections, directives and document markers,
 * tabs, CR, control characters, `${`, duplicate or `__proto__`/`<<` keys, and nesting beyond 16 levels.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes readSimpleYaml. */
class NotSimple extends Error {}

// Well inside parse-yaml.ts's MAX_YAML_DEPTH, so nothing the full path refuses for its depth is read here;
// a configuration needs fewer than ten levels.
const MAX_DEPTH = 16;
// Characters that cannot start a plain scalar (YAML 1.2 c-indicator), minus '-', '?' and ':' which may
// when followed by a non-space; those are checked apart.
const INDICATOR = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
// Tabs, CR, C0/C1 controls, BOM, and `${` (environment references, which the full path expands).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const OUTSIDE_SUBSET = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff]|\$\{/;

/** The YAML 1.2 core schema for plain scalars, as the `yaml` package resolves it (yaml/dist/schema/core). */
function resolvePlain(text: string): unknown {
  // Only these first characters can start a null, a boolean or a number; names, URLs and the like are strings.
  if (!/^(?:$|[~nNtTfF0-9.+-])/.test(text)) return text;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  // Octal, hexadecimal, exponent and .inf/.nan forms are left to the full parser.
  if (
    /^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(
      text,
    )
  ) {
    throw new NotSimple();
  }
  if (/^[-+]?[0-9]+$/.test(text)) return Number.parseInt(text, 10);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(text)) return Number.parseFloat(text);
  return text;
}

interface Line {
  indent: number;
  /** the line without its indentation */
  text: string;
}

/** The key a plain object gets for a scalar key, as yaml's toJS writes it; null keys are not simple. */
function keyOf(value: unknown): string {
  if (value === null || typeof value === 'object') throw new NotSimple();
  const key = String(value);
  if (key === '__proto__' || key === '<<') throw new NotSimple();
  return key;
}

/** A one-line scalar or flow collection starting at `start` of `text`; `flow` inside `[ ]` or `{ }`. */
class InlineReader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  /** After a value: only spaces, then a comment or the end. */
  finish(): void {
    this.skipSpaces();
    if (this.at < this.text.length && this.text[this.at] !== '#') throw new NotSimple();
    if (this.text[this.at] === '#' && this.at > 0 && this.text[this.at - 1] !== ' ') throw new NotSimple();
  }

  skipSpaces(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }

  value(flow: boolean, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new NotSimple();
    const first = this.text[this.at];
    if (first === '[') return this.sequence(depth);
    if (first === '{') return this.mapping(depth);
    if (first === '"') return this.doubleQuoted();
    if (first === "'") return this.singleQuoted();
    return resolvePlain(this.plain(flow));
  }

  /** A plain scalar's text: up to a comment or the line's end, in a flow up to `,` `]` `}` or `: `. */
  plain(flow: boolean): string {
    const { text } = this;
    const start = this.at;
    const first = text[start] ?? '';
    const next = text[start + 1];
    if (INDICATOR.has(first)) throw new NotSimple();
    if (
      (first === '-' || first === '?' || first === ':') &&
      (next === undefined || next === ' ' || (flow && ',[]{}'.includes(next)))
    ) {
      throw new NotSimple();
    }
    // A native search for the first terminator: scanning character by character in JS cost ~6 us a line
    // before the JIT warmed up, which is when a CLI reads its one configuration.
    const terminator = flow ? FLOW_PLAIN_END : BLOCK_PLAIN_END;
    terminator.lastIndex = start;
    const found = terminator.exec(text);
    const end = found === null ? text.length : found.index;
    this.at = end;
    const value = text.slice(start, end).trimEnd();
    if (value === '' || (flow && (text[end] === '[' || text[end] === '{'))) throw new NotSimple();
    return value;
  }

  doubleQuoted(): string {
    const { text } = this;
    let out = '';
    for (let i = this.at + 1; i < text.length; i += 1) {
      const char = text[i] as string;
      if (char === '"') {
        this.at = i + 1;
        return out;
      }
      if (char === '\\') {
        const escaped = ESCAPES[text[i + 1] ?? ''];
        if (escaped === undefined) throw new NotSimple();
        out += escaped;
        i += 1;
      } else {
        out += char;
      }
    }
    throw new NotSimple();
  }

  singleQuoted(): string {
    const { text } = this;
    let out = '';
    for (let i = this.at + 1; i < text.length; i += 1) {
      const char = text[i] as string;
      if (char !== "'") {
        out += char;
      } else if (text[i + 1] === "'") {
        out += "'";
        i += 1;
      } else {
        this.at = i + 1;
        return out;
      }
    }
    throw new NotSimple();
  }

  sequence(depth: number): unknown[] {
    const items: unknown[] = [];
    this.at += 1;
    this.skipSpaces();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return items;
    }
    for (;;) {
      items.push(this.value(true, depth + 1));
      this.skipSpaces();
      const char = this.text[this.at];
      this.at += 1;
      if (char === ']') return items;
      if (char !== ',') throw new NotSimple();
      this.skipSpaces();
      if (this.text[this.at] === ']') throw new NotSimple();
    }
  }

  mapping(depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.at += 1;
    this.skipSpaces();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return map;
    }
    for (;;) {
      const first = this.text[this.at];
      if (first === '[' || first === '{') throw new NotSimple();
      const key = keyOf(this.value(true, depth + 1));
      if (this.text[this.at] !== ':' || this.text[this.at + 1] !== ' ') throw new NotSimple();
      this.at += 2;
      this.skipSpaces();
      if (',}'.includes(this.text[this.at] ?? ',')) throw new NotSimple();
      if (Object.hasOwn(map, key)) throw new NotSimple();
      map[key] = this.value(true, depth + 1);
      this.skipSpaces();
      const char = this.text[this.at];
      this.at += 1;
      if (char === '}') return map;
      if (char !== ',') throw new NotSimple();
      this.skipSpaces();
      if (this.text[this.at] === '}') throw new NotSimple();
    }
  }
}

// Where a plain scalar ends: a comment (' #'), a ':' followed by a space or the end, and in a flow also a
// flow indicator or a ':' followed by one.
const BLOCK_PLAIN_END = / #|:(?: |$)/g;
const FLOW_PLAIN_END = /[,[\]{}]| #|:(?=[ ,[\]{}]|$)/g;

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
};

/** Block structure: mappings and sequences by indentation, over the significant lines. */
class BlockReader {
  private index = 0;

  constructor(private readonly lines: readonly Line[]) {}

  document(): Record<string, unknown> {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0 || isSequenceItem(first.text)) throw new NotSimple();
    const value = this.mapping(0, 0);
    if (this.index < this.lines.length) throw new NotSimple();
    return value;
  }

  private peek(): Line | undefined {
    return this.lines[this.index];
  }

  /** The value after `key:` with nothing on its line: a nested block, a sequence at the key's indent, or null. */
  private nested(indent: number, depth: number): unknown {
    const next = this.peek();
    if (next !== undefined && next.indent > indent) {
      return isSequenceItem(next.text)
        ? this.sequence(next.indent, depth + 1)
        : this.mapping(next.indent, depth + 1);
    }
    if (next !== undefined && next.indent === indent && isSequenceItem(next.text))
      return this.sequence(indent, depth + 1);
    return null;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw new NotSimple();
    const map: Record<string, unknown> = {};
    for (let line = this.peek(); line !== undefined && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent || isSequenceItem(line.text)) throw new NotSimple();
      this.index += 1;
      const reader = new InlineReader(line.text, 0);
      const first = line.text[0];
      const key = keyOf(
        first === '"' || first === "'" ? reader.value(false, depth) : resolvePlain(readPlainKey(reader)),
      );
      if (line.text[reader.at] !== ':') throw new NotSimple();
      reader.at += 1;
      if (reader.at < line.text.length && line.text[reader.at] !== ' ') throw new NotSimple();
      reader.skipSpaces();
      if (Object.hasOwn(map, key)) throw new NotSimple();
      if (reader.at >= line.text.length || line.text[reader.at] === '#') {
        map[key] = this.nested(indent, depth);
      } else {
        map[key] = reader.value(false, depth + 1);
        reader.finish();
        const next = this.peek();
        if (next !== undefined && next.indent > indent) throw new NotSimple();
      }
    }
    return map;
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw new NotSimple();
    const items: unknown[] = [];
    for (let line = this.peek(); line !== undefined && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent || !isSequenceItem(line.text)) break;
      this.index += 1;
      const reader = new InlineReader(line.text, 1);
      reader.skipSpaces();
      if (reader.at >= line.text.length || line.text[reader.at] === '#') throw new NotSimple();
      items.push(reader.value(false, depth + 1));
      reader.finish();
      const next = this.peek();
      if (next !== undefined && next.indent > indent) throw new NotSimple();
    }
    return items;
  }
}

/** A block mapping's plain key: up to `: ` or a final `:`, which must come before any comment. */
function readPlainKey(reader: InlineReader): string {
  const key = reader.plain(false);
  if (key.length > 1024) throw new NotSimple();
  return key;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/**
 * The plain JS value of `text` when it is a single YAML document in the simple subset whose top level is
 * a mapping: deep-equal to the `yaml` package's `parse(text)`. Undefined otherwise: use the full parser.
 * @example readSimpleYaml('origins: { web1: 10.0.0.11 }\n') // { origins: { web1: '10.0.0.11' } }
 */
export function readSimpleYaml(text: string): Record<string, unknown> | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) return undefined;
    const text = raw.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    lines.push({ indent: raw.length - text.length, text: text.trimEnd() });
  }
  try {
    return new BlockReader(lines).document();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
