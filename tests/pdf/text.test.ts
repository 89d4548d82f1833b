/** The text layer: what copy and search get back from the PDF. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../src/check/read-pdf.js';
import { buildIssue } from '../helpers/build.js';
import { extractText } from '../helpers/extract-text.js';
import { issueDir } from '../helpers/issue-dir.js';

/** Every Flate stream of a PDF, inflated. */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/\/Length (\d+)[^>]*>>\s*stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    try {
      out.push(inflateSync(pdf.subarray(start, start + Number(m[1]))).toString('latin1'));
    } catch {
      // not Flate
    }
  }
  return out;
}

describe('glyphs that stand for more than one text', () => {
  it('carry ActualText where their text is not the one the ToUnicode map gives', async () => {
    // 更 U+F901 (a compatibility ideograph, kept as typed) and 更 U+66F4 share one glyph.
    const dir = issueDir({
      'issue.yaml': 'paper: 测试日报\ndate: 2024-02-20\nlayout: tabloid\npages:\n  - number: 1\n    articles:\n      - id: a\n        body: "\\uF901新，\\u66F4新。"\n',
    });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const all = streams(readFileSync(result.pdf!)).join('\n');
    // The ToUnicode map gives the first text the glyph was set for …
    expect(all).toMatch(/<[0-9A-F]{4}> <F901>/);
    // … and the other use says what it stands for.
    expect(all).toMatch(/\/Span <<\/ActualText <FEFF66F4>>> BDC \[<[0-9a-f]{4}>\] TJ EMC/);
    // A reader that honours ActualText gets both back as typed.
    expect(await extractText(result.pdf!)).toContain('\uF901新，\u66F4新。');
  });
});

describe('an ideographic space typed inside a paragraph', () => {
  it('prints as the font\'s blank of one em and extracts as U+3000, not as an ASCII space', async () => {
    const dir = issueDir({
      'issue.yaml': 'paper: 测试日报\ndate: 2024-02-20\nlayout: tabloid\npages:\n  - number: 1\n    articles:\n      - id: a\n        body: "协和印书馆\\u3000廿六年冬，我们一同溯江而上。"\n',
    });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    expect(streams(readFileSync(result.pdf!)).join('\n')).toMatch(/\/Span <<\/ActualText <FEFF30005EFF>>> BDC \[[^\]]*\] TJ EMC/);
    const text = await extractText(result.pdf!);
    expect(text).toContain('协和印书馆\u3000廿六年');
    expect(text).not.toContain('馆 廿');
    // paiban's own reader takes the line's glyphs, shown in parts around the span, for one run.
    const [page] = await readPdf(result.pdf!);
    expect(page.runs.map((r) => r.glyphs.map((g) => g.text).join(''))).toContainEqual(expect.stringMatching(/协和印书馆\s廿六年/u));
  });
});

describe('the codes glyphs are shown by', () => {
  it('are below 256 for the glyphs drawn most, in a font of more glyphs, and the text reads back as typed', async () => {
    // 300 characters once each, and 的 after every tenth.
    const rare = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x5000 + 7 * i));
    const body = rare.map((c, i) => (i % 10 === 9 ? `${c}的` : c)).join('');
    const dir = issueDir({ 'issue.yaml': `paper: 测试日报\ndate: 2024-02-20\nlayout: tabloid\npages:\n  - number: 1\n    articles:\n      - id: a\n        body: "${body}"\n` });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const all = streams(readFileSync(result.pdf!)).join('\n');
    const codeOf = (text: string) => [...all.matchAll(new RegExp(`<([0-9A-F]{4})> <${text}>`, 'g'))].map((m) => parseInt(m[1], 16));
    expect(codeOf('7684')).toHaveLength(1);
    expect(codeOf('7684')[0]).toBeLessThan(256);
    // The body face holds more than 255 glyphs: some of its codes are 256 or more.
    expect(rare.map((c) => codeOf(c.codePointAt(0)!.toString(16).toUpperCase())[0]).filter((code) => code >= 256).length).toBeGreaterThan(0);
    // Whitespace aside (line ends, spread lines), the text reads back as typed.
    expect((await extractText(result.pdf!)).replace(/\s+/g, '')).toContain(body);
  });
});
