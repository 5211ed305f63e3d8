import type { ParseOutcome } from './parse-outcome.js';

/**
 * A small, documented subset of JSONPath for `expect.json`: `$` then any number of `.name`, `['name']` /
 * `["name"]` and `[index]` steps, e.g. `$.status`, `$.checks[0].name`, `$['content-type']`. No wildcards,
 * filters, slices or recursive descent: a health check names one value.
 */
export type JsonPathStep = { key: string } | { index: number };

const DOT_NAME = /^\.([A-Za-z_$][\w$-]*)/;
const BRACKET_INDEX = /^\[(\d{1,9})\]/;
const BRACKET_NAME = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/;

/** @example readJsonPath('$.checks[0].name') // { ok: true, value: [{ key: 'checks' }, { index: 0 }, { key: 'name' }] } */
export function readJsonPath(text: string): ParseOutcome<JsonPathStep[]> {
  const refuse = (why: string): ParseOutcome<JsonPathStep[]> => ({
    ok: false,
    problem: `'${text}' is not a supported JSON path (${why}; e.g. $.status, $.checks[0].name, $['a-b'])`,
  });
  if (!text.startsWith('$')) return refuse("it must start with '$'");
  const steps: JsonPathStep[] = [];
  let rest = text.slice(1);
  while (rest !== '') {
    const dot = DOT_NAME.exec(rest);
    const index = dot === null ? BRACKET_INDEX.exec(rest) : null;
    const name = dot === null && index === null ? BRACKET_NAME.exec(rest) : null;
    if (dot !== null) steps.push({ key: dot[1] ?? '' });
    else if (index !== null) steps.push({ index: Number(index[1]) });
    else if (name !== null) steps.push({ key: (name[1] ?? name[2] ?? '').replace(/\\(.)/g, '$1') });
    else return refuse(`cannot read '${rest}'`);
    rest = rest.slice((dot ?? index ?? name)?.[0].length ?? rest.length);
  }
  return { ok: true, value: steps };
}

/** The value at `steps` in a parsed JSON document, or `found: false` where the path leads nowhere. */
export function selectJsonPath(
  document: unknown,
  steps: readonly JsonPathStep[],
): { found: true; value: unknown } | { found: false; at: number } {
  let current: unknown = document;
  for (const [position, step] of steps.entries()) {
    if ('index' in step) {
      if (!Array.isArray(current) || step.index >= current.length) return { found: false, at: position };
      current = current[step.index];
    } else {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) {
        return { found: false, at: position };
      }
      if (!Object.hasOwn(current, step.key)) return { found: false, at: position };
      current = (current as Record<string, unknown>)[step.key];
    }
  }
  return { found: true, value: current };
}

/** `$.checks[0]` from steps, for messages that name how far a path got. */
export function formatJsonPath(steps: readonly JsonPathStep[]): string {
  return `$${steps
    .map((step) =>
      'index' in step
        ? `[${step.index}]`
        : /^[A-Za-z_$][\w$]*$/.test(step.key)
          ? `.${step.key}`
          : `[${JSON.stringify(step.key)}]`,
    )
    .join('')}`;
}
