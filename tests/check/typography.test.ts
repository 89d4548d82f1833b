import { describe, expect, it } from 'vitest';
import type { PdfPage, PdfRun } from '../../src/check/read-pdf.js';
import { measureTypography } from '../../src/check/typography.js';

const SIZE = 9;
const PITCH = 11.6;

/** A run of Han characters at `y`, starting at x 50, with extra space after the glyphs listed. */
function line(y: number, chars: number, wider: Record<number, number> = {}): PdfRun {
  let x = 50;
  const glyphs = Array.from({ length: chars }, (_, k) => {
    const g = { text: '字', x, width: SIZE };
    x += SIZE + (wider[k] ?? 0);
    return g;
  });
  return { glyphs, y, size: SIZE, font: 'Song' };
}

describe('gaps between characters, measured on the page', () => {
  it('counts every gap over 0.15 em and names each line that has them once', () => {
    // A column of three lines: the first spread 0.3 em at three gaps, the second solid, the third a paragraph's last.
    const page: PdfPage = {
      width: 400,
      height: 400,
      runs: [line(100, 13, { 2: 2.7, 5: 2.7, 8: 2.7 }), line(100 + PITCH, 16), line(100 + 2 * PITCH, 5)],
      fonts: [],
      images: [],
    };
    const { gaps } = measureTypography([page]);
    expect(gaps.over015).toBe(3);
    expect(gaps.examples).toHaveLength(1);
    expect(gaps.examples[0]).toMatchObject({ detail: '3 gaps up to 0.300 em' });
  });
});
