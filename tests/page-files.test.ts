/** The files a plant receives: one PDF per page, named by a pattern; the whole issue as one PDF when asked. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageFileName, pageFilesProblem } from '../src/page-files.js';
import { runCli } from './helpers/cli.js';
import { issueDir } from './helpers/issue-dir.js';
import { readPdf } from '../src/check/read-pdf.js';
import { PdfFile, textString } from './archive/pdf-objects.js';

/** What makes a file PDF/X for the plant: its version in Info, a GTS_PDFX OutputIntent, and a TrimBox on each of its `pages`. */
function pdfx(file: string, pages: number) {
  const pdf = new PdfFile(readFileSync(file));
  const text = readFileSync(file, 'latin1');
  return {
    version: textString(pdf.get(pdf.dict(pdf.trailer.Info).GTS_PDFXVersion)),
    intent: /\/OutputIntents \[<<\s*\/Type \/OutputIntent\s*\/S \/GTS_PDFX/.test(text),
    trimBoxes: text.match(/\/TrimBox \[/g)?.length === pages,
  };
}
const PDFX = { version: 'PDF/X-1a:2001', intent: true, trimBoxes: true };

const values = { name: 'evening', date: '2024-10-18', page: 3, section: '经济' };

describe('page file names', () => {
  it.each([
    ['{name}-{page:02}.pdf', 'evening-03.pdf'],
    ['{yyyymmdd}-A{page:02}.pdf', '20241018-A03.pdf'],
    ['{date}_{page:03}.pdf', '2024-10-18_003.pdf'],
    ['{page}{section}.pdf', '3经济.pdf'],
  ])('%s names page 3 %s', (pattern, name) => expect(pageFileName(pattern, values)).toBe(name));

  it('makes a section safe in a file name', () => {
    expect(pageFileName('{section}-{page}.pdf', { ...values, section: '文体/生活 周刊' })).toBe('文体_生活_周刊-3.pdf');
  });

  it.each([
    ['x.pdf', /has no \{page\}/],
    ['{page}.txt', /must name a \.pdf file/],
    ['sub/{page}.pdf', /without a folder/],
    ['{pagenumber}.pdf', /has a field paiban does not know/],
  ])('refuses %s', (pattern, message) => expect(pageFilesProblem(pattern)).toMatch(message));
});

const THREE_PAGES = `paper: 测试晚报
name: evening
date: 2024-10-18
layout: tabloid
pages:
${[1, 2, 3].map((n) => `  - number: ${n}\n    section: 第${n}版\n    articles:\n      - id: a${n}\n        headline: 第${n}版标题\n        body: 第${n}版正文。`).join('\n')}
`;

describe('paiban build', () => {
  it('writes a PDF per page, each holding its page, and the whole issue only when asked, all PDF/X', async () => {
    const dir = issueDir({ 'issue.yaml': THREE_PAGES });
    const out = join(dir, 'out');
    const run = await runCli(['build', join(dir, 'issue.yaml'), '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['evening-01.pdf', 'evening-02.pdf', 'evening-03.pdf']);
    for (const n of [1, 2, 3]) {
      const pages = await readPdf(join(out, `evening-0${n}.pdf`));
      expect(pages).toHaveLength(1);
      expect(pages[0].runs.map((r) => r.glyphs.map((g) => g.text).join('')).join('')).toContain(`第${n}版正文`);
      expect(pdfx(join(out, `evening-0${n}.pdf`), 1)).toEqual(PDFX);
    }
    const both = await runCli(['build', join(dir, 'issue.yaml'), '-o', join(dir, 'both'), '--edition', '--pages', '{yyyymmdd}-A{page:02}.pdf']);
    expect(both.code, both.stderr).toBe(0);
    expect(readdirSync(join(dir, 'both')).sort()).toEqual(['20241018-A01.pdf', '20241018-A02.pdf', '20241018-A03.pdf', 'evening.pdf']);
    expect(await readPdf(join(dir, 'both', 'evening.pdf'))).toHaveLength(3);
    expect(pdfx(join(dir, 'both', 'evening.pdf'), 3)).toEqual(PDFX);
    expect(pdfx(join(dir, 'both', '20241018-A02.pdf'), 1)).toEqual(PDFX);
  });

  it('refuses a pattern that names every page alike, and writes nothing', async () => {
    const dir = issueDir({ 'issue.yaml': THREE_PAGES });
    const run = await runCli(['build', join(dir, 'issue.yaml'), '-o', join(dir, 'out'), '--pages', '{date}.pdf']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: --pages: "\{date\}\.pdf" has no \{page\}/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
