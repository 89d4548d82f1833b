/**
 * What a plant accepts, in one place: build judges the sources against these limits and check
 * judges the page read back, so that the same problem has the same severity in both.
 */
import type { Severity } from './diagnostics.js';

/** Effective photo resolution at the printed size: newspapers ask for 200 ppi, and under 150 a photo prints visibly soft. */
export const PHOTO_PPI = { warn: 200, error: 150 };

/** Total ink a coldset press takes unless the layout says otherwise, 0–4 (2.4 = 240 %). */
export const INK_LIMIT = 2.4;

/** Total ink of a CMYK colour, its plates' shares summed: 0–4, as the limit is given. */
export const totalInk = (cmyk: readonly number[]): number => cmyk.reduce((sum, plate) => sum + plate, 0);

/** Thinnest rule a plant holds, in pt. */
export const HAIRLINE = 0.25;

/** Pixels per inch of `pixels` printed `pt` points across. */
export const ppiOf = (pixels: number, pt: number): number => pixels / (pt / 72);

/**
 * How a photo printing at `ppi` is reported, if at all. Judged as reported, in whole ppi: a photo
 * resampled to 200 ppi is not “199.6, below 200”.
 */
export function photoResolution(ppi: number): { severity: Severity; ppi: number; below: number } | undefined {
  const whole = Math.round(ppi);
  if (whole < PHOTO_PPI.error) return { severity: 'error', ppi: whole, below: PHOTO_PPI.error };
  if (whole < PHOTO_PPI.warn) return { severity: 'warning', ppi: whole, below: PHOTO_PPI.warn };
  return undefined;
}
