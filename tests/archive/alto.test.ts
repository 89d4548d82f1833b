/**
 * ALTO files validated (by libxml2 in WebAssembly) against paiban's ALTO v4 schema and the official
 * ALTO 4.4 schema (and shown to fail them when broken), their boxes checked against the page, and their
 * content: every article's text, word for word, in reading order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALTO_NS } from '../../src/archive/alto.js';
import { exportIssue } from '../helpers/build.js';
import { composeIssue } from '../../src/build.js';
import { BuildContext } from '../../src/context.js';
import { articleBlocks, type PageModel } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';
import { strip } from '../helpers/pdf.js';
import { altoSchemaErrors, OFFICIAL_ALTO, officialAltoErrors, paibanAltoErrors } from './alto-schema.js';
import { ARCHIVE_ISSUE } from './archive-issue.js';

const SAMPLE = join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml');

interface Exported {
  pages: PageModel[];
  files: string[];
  alto: Element[];
}

async function exported(source: string, outDir: string, stem: string): Promise<Exported> {
  const outcome = await exportIssue({ source, outDir, stem }, new BuildContext());
  expect(outcome.status, JSON.stringify(outcome.diagnostics)).toBe('built');
  const files = outcome.files.filter((f) => f.path.endsWith('.alto.xml')).map((f) => f.path);
  const alto = files.map((file) => {
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => errors.push(`${level}: ${msg}`) }).parseFromString(readFileSync(file, 'utf8'), 'text/xml');
    expect(errors).toEqual([]);
    return doc.documentElement!;
  });
  return { pages: composeIssue(source).pages, files, alto };
}

const children = (e: Element, local?: string) => [...e.childNodes].filter((n): n is Element => n.nodeType === 1 && (!local || (n as Element).localName === local));
const num = (e: Element, attr: string) => Number(e.getAttribute(attr));
const all = (e: Element, local: string) => [...e.getElementsByTagNameNS(ALTO_NS, local)];

const BOXED = ['TopMargin', 'PrintSpace', 'TextBlock', 'TextLine', 'String'];

/** What the schema cannot say: the unit is mm10, and every box lies on the page and inside the box of the element that holds it. */
function checkBoxes(root: Element): void {
  expect(all(root, 'MeasurementUnit')[0].textContent).toBe('mm10');
  const page = all(root, 'Page')[0];
  const [W, H] = [num(page, 'WIDTH'), num(page, 'HEIGHT')];
  for (const e of BOXED.flatMap((n) => all(root, n))) {
    const [x, y, w, h] = ['HPOS', 'VPOS', 'WIDTH', 'HEIGHT'].map((a) => num(e, a));
    expect(h > 0 && x + w <= W + 0.01 && y + h <= H + 0.01).toBe(true);
    const parent = e.parentNode as Element;
    if (BOXED.includes(parent.localName!)) {
      expect(x >= num(parent, 'HPOS') - 0.01 && x + w <= num(parent, 'HPOS') + num(parent, 'WIDTH') + 0.01).toBe(true);
      expect(y >= num(parent, 'VPOS') - 0.01 && y + h <= num(parent, 'VPOS') + num(parent, 'HEIGHT') + 0.01).toBe(true);
    }
  }
}

/** Text of an article's block, word by word in document order. */
const blockText = (root: Element, article: string) =>
  all(root, 'TextBlock')
    .filter((b) => b.getAttribute('TAGREFS') === `A_${article}`)
    .flatMap((b) => all(b, 'String').map((s) => s.getAttribute('CONTENT')))
    .join('');

const frameText = (page: PageModel, article: string) =>
  articleBlocks(page.articles.find((a) => a.id === article)!)
    .flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text))))
    .join('');

describe('ALTO', () => {
  let sample: Exported;
  let small: Exported;
  beforeAll(async () => {
    const dir = issueDir({ 'issue.yaml': ARCHIVE_ISSUE });
    sample = await exported(SAMPLE, join(dir, 'sample'), 'sample');
    small = await exported(join(dir, 'issue.yaml'), join(dir, 'small'), 'small');
  }, 60_000);

  it('is valid against paiban’s ALTO v4 schema and the official ALTO 4.4 schema on every page, with every box on the page and inside its parent', () => {
    expect(small.alto).toHaveLength(2);
    expect(altoSchemaErrors([...sample.files, ...small.files])).toBe('');
    for (const root of [...sample.alto, ...small.alto]) checkBoxes(root);
  });

  // Each change breaks one rule of ALTO v4 (or of the narrower schema) and must fail validation with that rule named;
  // the last column says whether it breaks ALTO 4.4 itself, so that the official schema refuses it too.
  const broken: [string, (xml: string) => string, RegExp, boolean][] = [
    ['a String without CONTENT', (x) => x.replace(/(<String [^>]*?) CONTENT="[^"]*"/, '$1'), /attribute 'CONTENT' is required/, true],
    ['an element ALTO does not have', (x) => x.replace(/(<TextBlock [^>]*>)/, '$1<Paragraph/>'), /Paragraph'.*not expected/, true],
    ['a TextLine outside a TextBlock', (x) => x.replace(/(<PrintSpace [^>]*>\n)/, `$1${/<TextLine [\s\S]*?<\/TextLine>/.exec(x)![0]}`), /TextLine'.*not expected/, true],
    ['a non-numeric HPOS', (x) => x.replace(/(<String [^>]*?HPOS=)"[^"]*"/, '$1"left"'), /HPOS'.*not a valid value/, true],
    ['a negative VPOS', (x) => x.replace(/(<TextLine [^>]*?VPOS=)"[^"]*"/, '$1"-3"'), /VPOS'.*less than the minimum/, false],
    ['a word confidence above 1', (x) => x.replace(/WC="1"/, 'WC="1.5"'), /WC'.*greater than the maximum/, true],
    ['a space inside a String', (x) => x.replace(/(<String [^>]*?CONTENT=")([^"]+)"/, '$1$2 $2"'), /CONTENT'.*pattern/, false],
    ['two elements with one ID', (x) => x.replace(/(<TextLine ID=")[^"]*(" [^>]*>)(<String ID=")([^"]*)"/, '$1$4$2$3$4"'), /not a valid value of the atomic type 'xs:ID'/, true],
    ['a TAGREFS naming no tag', (x) => x.replace(/TAGREFS="[^"]*"/, 'TAGREFS="P1_A_nothing"'), /No match found for key-sequence \['P1_A_nothing'\]/, false],
    ['no MeasurementUnit', (x) => x.replace(/<MeasurementUnit>mm10<\/MeasurementUnit>/, ''), /Expected is .*MeasurementUnit/, true],
    ['Tags before Description', (x) => x.replace(/(<Description>[\s\S]*<\/Description>\n)(<Tags>[\s\S]*<\/Tags>\n)/, '$2$1'), /Tags'.*not expected. Expected is .*Description/, true],
    ['a Page without PHYSICAL_IMG_NR', (x) => x.replace(/ PHYSICAL_IMG_NR="\d+"/, ''), /attribute 'PHYSICAL_IMG_NR' is required/, true],
    ['an SP at the end of a line', (x) => x.replace(/(<String [^>]*\/>)(<\/TextLine>)/, '$1<SP HPOS="1" VPOS="1" WIDTH="1"/>$2'), /Missing child element\(s\)/, false],
    ['elements outside the ALTO namespace', (x) => x.replace(/ xmlns="[^"]*"/, ''), /No matching global declaration/, true],
  ];
  it.each(broken)('fails the schema with %s', (_, breakRule, error, breaksAlto) => {
    const xml = readFileSync(small.files[0], 'utf8');
    const bad = breakRule(xml);
    expect(bad).not.toBe(xml);
    const file = join(issueDir({ 'bad.alto.xml': bad }), 'bad.alto.xml');
    expect(paibanAltoErrors([file])).toMatch(error);
    expect(altoSchemaErrors([file])).toMatch(error);
    // Where the official schema is absent, alto-schema.ts has said so.
    if (OFFICIAL_ALTO) expect(officialAltoErrors([file]) ? 'refused' : 'valid').toBe(breaksAlto ? 'refused' : 'valid');
  });

  it('keeps each word’s text exactly, with SP only where the copy has a space', () => {
    const lines = all(small.alto[0], 'TextLine').map((l) => children(l).map((c) => (c.localName === 'SP' ? ' ' : c.getAttribute('CONTENT'))).join(''));
    // The ¼ em set between Han and Latin is no space of the text: 2024年 and GDP stay within their words.
    expect(lines.join('')).toContain('（记者 陈国栋）2024年，全市GDP增长6.1%');
    expect(lines.join('')).toContain('结对，Apple & Huawei 的供应链');
    // A space after a compressed mark: the words around it do not overlap, and the SP between them has a width of 0 or more (the schema checks).
    const column = all(small.alto[1], 'TextLine').map((l) => children(l).map((c) => (c.localName === 'SP' ? ' ' : c.getAttribute('CONTENT'))).join(''));
    expect(column.join('')).toContain('见“组织” （第5期）。');
    // The running head's ideographic spaces part its words and are in no String.
    const head = all(sample.alto[0], 'TopMargin')[0];
    expect(all(head, 'String').some((s) => s.getAttribute('CONTENT')!.includes('\u3000'))).toBe(false);
    expect(all(head, 'SP').length).toBeGreaterThan(0);
  });

  it('numbers pages as the PDF does and as they are printed', () => {
    const pages = small.alto.map((root) => all(root, 'Page')[0]);
    expect(pages.map((p) => [p.getAttribute('PHYSICAL_IMG_NR'), p.getAttribute('PRINTED_IMG_NR')])).toEqual([['1', '1'], ['2', '2']]);
    // The page is the PDF page: the trim and its bleed, in tenths of a millimetre (tabloid 270 × 390 mm).
    expect(num(pages[0], 'WIDTH')).toBeCloseTo(2700, 0);
    expect(num(pages[0], 'HEIGHT')).toBeCloseTo(3900, 0);
  });

  it('holds each article’s text in reading order, one block per article', () => {
    for (const { pages, alto } of [sample, small]) {
      pages.forEach((page, i) => {
        const articles = page.articles.map((a) => a.id);
        for (const a of articles) expect(strip(blockText(alto[i], a))).toBe(strip(frameText(page, a)));
        expect(all(alto[i], 'StructureTag').map((t) => t.getAttribute('ID'))).toEqual(articles.map((a) => `A_${a}`));
      });
    }
  });

  it('reads a column top to bottom before the next column to its right', () => {
    const lead = all(sample.alto[0], 'TextBlock').find((b) => b.getAttribute('TAGREFS') === 'A_chain-party-building')!;
    const lines = all(lead, 'TextLine').map((l) => ({ x: num(l, 'HPOS'), y: num(l, 'VPOS') }));
    let columns = 1;
    for (let i = 1; i < lines.length; i++) {
      if (lines[i].y > lines[i - 1].y) continue;
      // Back up the page only to start a column further right (or the body below the headline block).
      expect(lines[i].x > lines[i - 1].x || lines[i].y > lines[0].y).toBe(true);
      columns++;
    }
    expect(columns).toBeGreaterThanOrEqual(8);
  });

  it('puts the running head in the top margin and splits Latin words at their spaces', () => {
    const top = all(sample.alto[0], 'TopMargin')[0];
    expect(all(top, 'String').map((s) => s.getAttribute('CONTENT')).join('')).toContain('重庆日报');
    const words = all(small.alto[0], 'String').map((s) => s.getAttribute('CONTENT'));
    expect(words).toEqual(expect.arrayContaining(['&', 'Huawei']));
    expect(words.some((w) => w?.endsWith('Apple'))).toBe(true);
    expect(all(small.alto[0], 'SP').length).toBeGreaterThanOrEqual(2);
  });
});
