import { FrontdoorError } from '../errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A look-back window for package changes: "7d", "36h", "90m", "2w". Days and weeks are what --since needs,
 * which the probe-oriented parseDuration (ms/s/m) does not offer.
 */
export function parseWindow(text: string, where: string): number {
  const match = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(text.trim());
  const amount = Number(match?.[1]);
  const unit = UNIT_MS[match?.[2] ?? ''];
  if (match === null || unit === undefined || !(amount > 0)) {
    throw new FrontdoorError(
      'FD_ERR_USAGE',
      `${where}: invalid window '${text}' (expected e.g. 90m, 36h, 7d, 2w)`,
    );
  }
  return amount * unit;
}
