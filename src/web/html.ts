/**
 * HTML built from strings, for the server's first paint and the client's live updates alike: every
 * interpolated value is escaped unless it is already `SafeHtml` (the output of another `html` call).
 */
export interface SafeHtml {
  readonly html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

type Interpolated = SafeHtml | string | number | null | undefined | false | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'object') return (value as SafeHtml).html;
  return escapeHtml(String(value));
}

/**
 * A tagged template that escapes what it interpolates; arrays are joined, `null`, `undefined` and `false`
 * render as nothing.
 * @example html`<td title="${summary}">${verdict}</td>`
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let index = 0; index < values.length; index += 1) {
    out += render(values[index] as Interpolated) + (strings[index + 1] ?? '');
  }
  return { html: out };
}

/** Markup that is known to be safe already (a constant of this module's callers). */
export function trustedHtml(markup: string): SafeHtml {
  return { html: markup };
}
