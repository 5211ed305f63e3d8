import { describe, expect, it } from 'vitest';
import { AA_NON_TEXT, AA_TEXT, contrastRatio, relativeLuminance } from './contrast.js';
import { PALETTE, PHASE_COLOURS, renderPaletteCss } from './palette.js';

describe('contrast ratios', () => {
  it('follows WCAG: black on white is 21, a colour on itself is 1', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#b91c1c', '#b91c1c')).toBe(1);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(() => relativeLuminance('red')).toThrow(/#rrggbb/);
  });
});

describe("the dashboard's palette meets WCAG AA", () => {
  const textPairs = Object.entries({
    page: PALETTE.page,
    muted: PALETTE.muted,
    link: PALETTE.link,
    header: PALETTE.header,
    ok: PALETTE.ok,
    warn: PALETTE.warn,
    none: PALETTE.none,
    banner: PALETTE.banner,
    resolved: PALETTE.resolved,
    ...Object.fromEntries(Object.entries(PALETTE.fail).map(([layer, pair]) => [`fail-${layer}`, pair])),
  });

  it.each(textPairs)('%s: text on its background is at least 4.5:1', (_name, pair) => {
    expect(contrastRatio(pair.fg, pair.bg)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it.each(Object.entries(PALETTE.fail))(
    'a failing %s cell stands out from the page by at least 3:1 (its colour carries meaning)',
    (_layer, pair) => {
      expect(contrastRatio(pair.bg, PALETTE.page.bg)).toBeGreaterThanOrEqual(AA_NON_TEXT);
    },
  );

  it('the focus ring is at least 3:1 against the page it is drawn on', () => {
    expect(contrastRatio(PALETTE.focus.fg, PALETTE.focus.bg)).toBeGreaterThanOrEqual(AA_NON_TEXT);
  });

  it.each(Object.entries(PHASE_COLOURS))(
    'the chart phase %s is at least 3:1 against the page',
    (_phase, colour) => {
      expect(contrastRatio(colour, PALETTE.page.bg)).toBeGreaterThanOrEqual(AA_NON_TEXT);
    },
  );

  it('the stylesheet gets every colour as a custom property', () => {
    const css = renderPaletteCss();
    expect(css).toContain('--fail-connect-bg: #b91c1c;');
    expect(css).toContain('--ok-fg: #14532d;');
    expect(css).toContain('--phase-ttfb: #1d4ed8;');
  });
});
