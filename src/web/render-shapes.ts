import { type SafeHtml, trustedHtml } from './html.js';
import type { Severity } from './verdict-look.js';

/**
 * The severity shapes as SVG symbols, written once per page; cells and badges refer to them with `<use>`.
 * Each is drawn in currentColor, so it takes the text colour its cell was tested for.
 */
export const SHAPE_SYMBOLS: SafeHtml = trustedHtml(
  [
    '<svg class="symbols" aria-hidden="true" focusable="false">',
    '<symbol id="shape-ok" viewBox="0 0 12 12"><circle cx="6" cy="6" r="5" fill="currentColor"/></symbol>',
    '<symbol id="shape-warn" viewBox="0 0 12 12"><path d="M6 0.8 11.4 11H0.6z" fill="currentColor"/></symbol>',
    '<symbol id="shape-fail" viewBox="0 0 12 12"><path d="M1 1h10v10H1z" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3.6 3.6l4.8 4.8m0-4.8-4.8 4.8" stroke="currentColor" stroke-width="2"/></symbol>',
    '<symbol id="shape-none" viewBox="0 0 12 12"><circle cx="6" cy="6" r="4.6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-dasharray="2.2 1.6"/></symbol>',
    '</svg>',
  ].join(''),
);

/** The shape of a severity, decorative: the words beside it say the same. */
export function renderShape(severity: Severity): SafeHtml {
  return trustedHtml(
    `<svg class="shape" aria-hidden="true" focusable="false" width="12" height="12"><use href="#shape-${severity}"/></svg>`,
  );
}
