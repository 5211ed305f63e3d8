/**
 * WCAG 2.x contrast: the relative luminance of an sRGB colour and the ratio of two (1 to 21).
 * AA asks 4.5 for text, 3 for large text and for the parts of controls and graphics that carry meaning.
 */

/** The relative luminance of `#rrggbb`, as WCAG defines it. */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const channel = Number.parseInt(part as string, 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white). */
export function contrastRatio(first: string, second: string): number {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [
    number,
    number,
  ];
  return (lighter + 0.05) / (darker + 0.05);
}

/** WCAG AA's minimum for normal text. */
export const AA_TEXT = 4.5;
/** WCAG AA's minimum for large text and for non-text contrast (shapes, focus indicators, chart lines). */
export const AA_NON_TEXT = 3;
