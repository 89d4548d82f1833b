/**
 * The second stress corpus (tests/fixtures/copy2): copy of kinds the first lacks — sports
 * results (scores 3∶1, times 2:08:31, a ranking list), a market report (+1.28%, 3,245.67点,
 * 亿元), weather and listings (℃, ～, 级, 19:30—21:00), poems centred and classical Chinese
 * with annotations ①②③, traditional characters, Japanese kana and Korean hangul, formulas
 * (CO₂, NH₃-N) and units (μg/m³, km/h, m²), dates (12·3), telephone and ID numbers, nested
 * quotes and book titles, a Q&A with bold lead-ins, one-sentence and very long paragraphs, an
 * obituary — set on the broadsheet (pages 1 and 3) and the tabloid (2 and 4), read back from
 * each page's PDF as `paiban check` reads it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { displayTexts } from '../../src/check/check.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { measureTypography, type TypographyFigures } from '../../src/check/typography.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { strip } from '../helpers/pdf.js';

const dir = fileURLToPath(new URL('../fixtures/copy2/', import.meta.url));
let result: BuildResult;
const texts: string[] = [];
const figures: TypographyFigures[] = [];
/** The same, measured from the PDF alone, as `paiban check page.pdf` measures it without the issue. */
const bare: TypographyFigures[] = [];

beforeAll(async () => {
  result = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-corpus2-')), pages: true });
  for (const [i, file] of result.pageFiles!.entries()) {
    texts.push(await extractText(file));
    const g = result.layouts[i].grid;
    const grid = { pitch: g.pitch, firstBaseline: g.baseline(1), top: g.top, bottom: g.top + g.height, displayTexts: displayTexts(result.issue) };
    const pdf = await readPdf(file);
    figures.push(measureTypography(pdf, grid));
    bare.push(measureTypography(pdf, { ...grid, displayTexts: [] }));
  }
}, 120_000);

const SPORTS = ['sports.md', 'market.md'];
const GENERAL = ['weather.md', 'classics.md', 'world.md', 'qa.md', 'notice.md'];
/** Which copy each page sets. */
const SET_ON: [number, string[]][] = [
  [0, SPORTS],
  [1, SPORTS],
  [2, GENERAL],
  [3, GENERAL],
];

/** The characters of a copy file a reader should get back, in order: without Markdown's heading marks, `**` and `:::` lines. */
function printable(file: string): string[] {
  const copy = readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => !/^:::/.test(l))
    .map((l) => l.replace(/^#+ /, '').replace(/\*\*/g, ''))
    .join('');
  return [...strip(copy)];
}

describe('the second stress corpus on the broadsheet and the tabloid', () => {
  it('builds four pages: broadsheet, tabloid, broadsheet, tabloid', () => {
    expect(result.layouts.map((l) => l.name)).toEqual(['broadsheet', 'tabloid', 'broadsheet', 'tabloid']);
  });

  it('prints every character of the copy, in reading order, on every page that sets it', () => {
    for (const [page, files] of SET_ON) {
      const flat = [...strip(texts[page])];
      for (const file of files) {
        let at = 0;
        for (const [i, ch] of printable(file).entries()) {
          const found = flat.indexOf(ch, at);
          expect(found, `${file}: character ${i} (${ch}) on page ${page + 1}`).toBeGreaterThanOrEqual(at);
          at = found + 1;
        }
      }
    }
  });

  it('prints each paragraph unbroken: no character inserted or lost between its first and last', () => {
    for (const [page, files] of SET_ON) {
      const flat = strip(texts[page]);
      for (const file of files) {
        for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
          if (!line.trim() || line.startsWith(':::')) continue;
          expect(flat, `${file} on page ${page + 1}`).toContain(strip(line.replace(/^#+ /, '').replace(/\*\*/g, '')));
        }
      }
    }
  });

  it('keeps whole on one line what must not break: numbers in groups, quantities with their units; never starts a line with ー', () => {
    for (const [page, files] of SET_ON) {
      const lines = texts[page].split('\n').map(strip);
      const whole = [...(files.includes('world.md') ? ['13808381234', '63905678', '35μg/m³', '80km/h', '60km/h'] : []), ...(files.includes('weather.md') ? ['58μg/m³', '71μg/m³'] : [])];
      for (const piece of whole) expect(lines.some((l) => l.includes(piece)), `${piece} on page ${page + 1}`).toBe(true);
      expect(lines.filter((l) => l.startsWith('ー'))).toEqual([]);
    }
  });

  it('has no prohibited mark at a line edge and no split —— or …… on either layout', () => {
    for (const f of figures) expect(f.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
  });

  it('breaks no display line inside a word, a break at a space of the headline being the editor\'s (“5G+”领涨 / 沪指涨…)', () => {
    for (const f of figures) expect(f.displayBreaks.examples).toEqual([]);
    // Without the issue too: the PDF draws the space the line broke at, after 领涨.
    for (const f of bare) expect(f.displayBreaks.examples).toEqual([]);
  });

  it('leaves no lone character or near-empty line inside a paragraph', () => {
    for (const f of figures) {
      expect(f.loneLines.examples).toEqual([]);
      expect(f.nearEmptyLines.examples).toEqual([]);
    }
  });

  it('spreads at most 0.15 em between characters; the typed spaces of a byline are word spaces, drawn as spaces', () => {
    for (const f of figures) expect(f.gaps.max).toBeLessThanOrEqual(0.15 + 1e-3);
    // 本报记者 刘洋　实习生 陈晨: each space the copy typed is drawn (or the byline breaks between its credits),
    // so the check measures only the gaps between characters.
    expect(figures.map((f) => f.gaps.examples.map((e) => e.text))).toEqual([[], [], [], []]);
  });
});
