import type { Layer } from '../diagnose/verdict.js';

/** A foreground on a background, both `#rrggbb`. */
export interface ColourPair {
  fg: string;
  bg: string;
}

/** Layers a failing verdict can sit in ('-' is the passing verdicts' layer and has no failure colour). */
export type FailingLayer = Exclude<Layer, '-'>;

/**
 * The dashboard's colours, one source for the stylesheet (build-web.js writes them as CSS custom
 * properties) and for the contrast test (palette-contrast.test.ts), so what is tested is what is shipped.
 * Failures are dark, saturated and carry white text; each layer has its own hue so a column of one colour
 * reads as one cause, and connect, the front door itself, is plain red.
 */
export const PALETTE = {
  page: { fg: '#1f2937', bg: '#ffffff' },
  muted: { fg: '#4b5563', bg: '#ffffff' },
  link: { fg: '#1d4ed8', bg: '#ffffff' },
  /** the focus ring, drawn with an offset so it sits on the page's background */
  focus: { fg: '#1d4ed8', bg: '#ffffff' },
  header: { fg: '#111827', bg: '#f3f4f6' },
  ok: { fg: '#14532d', bg: '#dcfce7' },
  warn: { fg: '#78350f', bg: '#fef3c7' },
  none: { fg: '#374151', bg: '#f3f4f6' },
  banner: { fg: '#ffffff', bg: '#991b1b' },
  resolved: { fg: '#14532d', bg: '#dcfce7' },
  fail: {
    dns: { fg: '#ffffff', bg: '#6b21a8' },
    connect: { fg: '#ffffff', bg: '#b91c1c' },
    tls: { fg: '#ffffff', bg: '#9a3412' },
    http: { fg: '#ffffff', bg: '#92400e' },
    edge: { fg: '#ffffff', bg: '#9d174d' },
    proxy: { fg: '#ffffff', bg: '#86198f' },
    app: { fg: '#ffffff', bg: '#7f1d1d' },
    content: { fg: '#ffffff', bg: '#854d0e' },
    host: { fg: '#ffffff', bg: '#4c1d95' },
  } satisfies Record<FailingLayer, ColourPair>,
} as const;

/** Phase colours of the latency chart, in stacking order; each against the page's background. */
export const PHASE_COLOURS = {
  dns: '#6b21a8',
  connect: '#b91c1c',
  tls: '#c2410c',
  ttfb: '#1d4ed8',
  transfer: '#047857',
} as const;

/** The palette as CSS custom properties (`--fail-connect-bg: #b91c1c;` ...), for the stylesheet's :root. */
export function renderPaletteCss(): string {
  const lines: string[] = [];
  const pair = (name: string, colours: ColourPair) => {
    lines.push(`  --${name}-fg: ${colours.fg};`, `  --${name}-bg: ${colours.bg};`);
  };
  for (const name of [
    'page',
    'muted',
    'link',
    'focus',
    'header',
    'ok',
    'warn',
    'none',
    'banner',
    'resolved',
  ] as const) {
    pair(name, PALETTE[name]);
  }
  for (const [layer, colours] of Object.entries(PALETTE.fail)) pair(`fail-${layer}`, colours);
  for (const [phase, colour] of Object.entries(PHASE_COLOURS)) lines.push(`  --phase-${phase}: ${colour};`);
  return `:root {\n${lines.join('\n')}\n}\n`;
}
