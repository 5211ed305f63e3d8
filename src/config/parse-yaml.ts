import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  type LineCounter,
  type Node,
  Parser,
  YAMLParseError,
} from 'yaml';

/**
 * Nesting deeper than this is refused before yaml composes the document. frontdoor's deepest key is
 * about six levels down; yaml itself recurses once per level, and 2,000 levels in block style overflowed
 * the stack inside its parser (a crash, exit 70) rather than giving an error.
 */
export const MAX_YAML_DEPTH = 64;
/** Values after expanding every alias: one 20,000-item list aliased 99 times is 2 million. */
export const MAX_YAML_VALUES = 1_000_000;
/** yaml resolves each alias by scanning every anchor and alias before it: the cost grows as their square. */
export const MAX_YAML_ALIASES = 5_000;

/** A document refused for its shape before it was turned into data: where, and why. */
export interface YamlLimitProblem {
  offset: number;
  message: string;
}

/**
 * `yaml.parseDocument` with bounds: nesting is checked token by token while the concrete syntax tree is
 * built (so nothing recurses past MAX_YAML_DEPTH), then aliases are counted and their expansion sized
 * before anything expands them. Options are those parseConfig always used (duplicate keys are found later,
 * with their paths).
 */
export function parseYaml(
  text: string,
  lineCounter: LineCounter,
): { doc: Document.Parsed } | YamlLimitProblem {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    const start = parser.offset;
    tokens.push(...parser.next(lexeme));
    if (parser.stack.length > MAX_YAML_DEPTH) {
      return {
        offset: start,
        message: `nested deeper than ${MAX_YAML_DEPTH} levels; a frontdoor configuration needs fewer than ten`,
      };
    }
  }
  tokens.push(...parser.end());

  // merge: YAML merge keys (`<<: *base`) are applied, as the docs' advice on anchors promises
  const composer = new Composer({ uniqueKeys: false, merge: true });
  let doc: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, text.length)) {
    if (doc === undefined) {
      doc = composed;
      continue;
    }
    // as parseDocument reports a second document, so parseConfig can say what to do about it
    const [start, end] = composed.range;
    doc.errors.push(new YAMLParseError([start, end], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
    break;
  }
  if (doc === undefined) throw new Error('yaml composed no document from a forced compose');
  if (doc.errors.length > 0) return { doc };
  const problem = measureAliases(doc);
  return problem ?? { doc };
}

/**
 * Counts aliases and the values the document holds once every alias is expanded, without expanding
 * anything: each anchored node's size is worked out once, where it is defined, and an alias adds it. An
 * alias inside the node it refers to would expand without end.
 */
function measureAliases(doc: Document.Parsed): YamlLimitProblem | undefined {
  const anchored = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  let aliases = 0;
  const tooMany = (offset: number): YamlLimitProblem => ({
    offset,
    message: `aliases expand the configuration to more than ${MAX_YAML_VALUES.toLocaleString('en')} values`,
  });

  const sizeOf = (node: unknown): number | YamlLimitProblem => {
    if (isAlias(node)) {
      aliases += 1;
      const offset = node.range?.[0] ?? 0;
      if (aliases > MAX_YAML_ALIASES) {
        return { offset, message: `more than ${MAX_YAML_ALIASES.toLocaleString('en')} aliases` };
      }
      const source = anchored.get(node.source);
      // an unknown anchor is yaml's to report, when the document is turned into data
      if (source === undefined) return 1;
      if (open.has(source)) {
        return { offset, message: `alias *${node.source} is inside the node it refers to: it never ends` };
      }
      return sizes.get(source) ?? 1;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) return 1;
    if (node.anchor !== undefined) {
      anchored.set(node.anchor, node);
      open.add(node);
    }
    let size = 1;
    if (!isScalar(node)) {
      for (const item of node.items) {
        const parts = isPair(item) ? [item.key, item.value] : [item];
        for (const part of parts) {
          const partSize = sizeOf(part);
          if (typeof partSize !== 'number') return partSize;
          size += partSize;
          if (size > MAX_YAML_VALUES) return tooMany((part as Node | null)?.range?.[0] ?? 0);
        }
      }
    }
    if (node.anchor !== undefined) {
      open.delete(node);
      sizes.set(node, size);
    }
    return size;
  };
  const total = sizeOf(doc.contents);
  return typeof total === 'number' ? undefined : total;
}
