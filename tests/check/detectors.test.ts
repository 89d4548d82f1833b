/**
 * Every detector of `paiban check`, made to fire by a page that has exactly its fault, and kept
 * quiet by a clean page that differs from it in that fault alone. The pages are PDFs written
 * for the purpose (test-page.ts), so each detector reads what a real file gives it.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFile, formatCheck, type CheckReport } from '../../src/check/check.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { column, PITCH, type TestLine, type TestPage, writeTestPage } from './test-page.js';

/**
 * Two paragraphs of a 13-character column, set as paiban sets them: indented first lines,
 * justified lines full, a compressed 。” and a whole —— on the last lines.
 */
const BODY = ['产业链上的党建赋能激发', '了企业的技改热情，也带动干', '部敢为善为有为，让链上企业', '覆盖三十三条产业链。”', '以组织担当带动干部敢为', '善为有为，是新时代组织工作', '的答卷——也是考卷。'];
const INDENTED = new Set([0, 4]);

function body(change: Partial<Record<number, Partial<TestLine>>> = {}): TestLine[] {
  return column(BODY).map((l, i) => ({ ...l, x: INDENTED.has(i) ? l.x + 18 : l.x, after: i === 3 ? { 9: -0.5 } : undefined, ...change[i] }));
}

let photo: Buffer;
let fullInk: Buffer;
let grey: Buffer;
const solid = (width: number, height: number, v: number) => sharp({ create: { width, height, channels: 3, background: { r: v, g: v, b: v } } });

/** The clean page: body text in 100 K, a colour block within the ink limit, a 0.5 pt rule, a CMYK photo at 250 ppi. */
const clean = (): TestPage => ({
  lines: body(),
  graphics: '0 1 1 0 k 250 250 60 40 re f 0.5 w 0 0 0 1 K 250 380 m 390 380 l S',
  images: [{ jpeg: photo, at: [250, 100], size: [72, 72] }],
});

async function check(page: TestPage): Promise<CheckReport & { text: string }> {
  const report = await checkFile(writeTestPage(page));
  return { ...report, text: formatCheck(report) };
}
const messages = (r: CheckReport) => r.diagnostics.map((d) => `${d.severity}: ${d.message}`);

beforeAll(async () => {
  photo = await solid(250, 250, 128).toColourspace('cmyk').jpeg().toBuffer();
  // Every plate at 100 %: 400 % ink.
  fullInk = await sharp(photo).pipelineColourspace('cmyk').toColourspace('cmyk').linear(0, 255).jpeg().toBuffer();
  grey = await solid(250, 250, 128).toColourspace('b-w').jpeg().toBuffer();
});

describe('the clean page', () => {
  it('fires no detector', async () => {
    const r = await check(clean());
    expect(messages(r)).toEqual([]);
    expect(r.fonts).toEqual([expect.objectContaining({ embedded: true, subset: true, toUnicode: true })]);
    expect(r.print).toMatchObject({ rgbOperations: 0, overInk: [], richBlackText: 0, hairlines: 0 });
    expect(r.print.images).toEqual([expect.objectContaining({ colorSpace: 'DeviceCMYK' })]);
    expect(r.print.minPpi).toBeCloseTo(250, 0);
    const t = r.typography;
    expect(t).toMatchObject({ bodySize: 9, bodyLines: 7, justifiedLines: 5, paragraphEnds: 2 });
    expect(t.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 0 });
    expect(t.gaps.over015).toBe(0);
    expect(t.shortLines.count).toBe(0);
    // The pair is measured, and found compressed.
    expect(t.punctPairs).toMatchObject({ count: 1, fullWidth: 0 });
    expect(t.orphans.count).toBe(0);
    expect(t.grid.onGrid).toBe(1);
    expect(r.text).toContain('baselines on the 11.6 pt grid 100.0 %');
  });
});

describe('fonts', () => {
  it.each([
    ['not embedded', { embedded: false }, 'error: font PAIBAN+NotoSerifCJKsc-Regular is not embedded'],
    ['embedded whole', { subset: false }, 'warning: font NotoSerifCJKsc-Regular is embedded whole, not subset'],
    ['without a ToUnicode map', { toUnicode: false }, 'error: font PAIBAN+NotoSerifCJKsc-Regular has no ToUnicode map: its text cannot be extracted'],
  ])('a font %s', async (_, font, message) => {
    expect(messages(await check({ ...clean(), font }))).toEqual([message]);
  });
});

describe('colour', () => {
  it('RGB drawing operators', async () => {
    const r = await check({ ...clean(), graphics: `${clean().graphics} 1 0 0 rg 250 300 20 20 re f` });
    expect(messages(r)).toEqual(['error: 1 objects or colours in RGB; a plant wants CMYK (and grey)']);
  });

  it('RGB objects', async () => {
    const r = await check({ ...clean(), images: [{ jpeg: await solid(250, 250, 128).jpeg().toBuffer(), at: [250, 100], size: [72, 72] }] });
    expect(r.print.colorSpaces.DeviceRGB).toBe(1);
    expect(messages(r)).toEqual(['error: 1 objects or colours in RGB; a plant wants CMYK (and grey)', 'error: an image of 250×250 pixels is in DeviceRGB']);
  });

  it('a colour above the ink limit', async () => {
    const r = await check({ ...clean(), graphics: `${clean().graphics} 0 1 1 1 k 250 300 20 20 re f` });
    expect(messages(r)).toEqual(['error: colour 0 1 1 1 (300 %) is above the 240 % ink limit']);
  });

  it('black text that is not 100 K alone', async () => {
    const r = await check({ ...clean(), textColor: '0.6 0.4 0.4 1 k' });
    expect(messages(r)).toEqual([`warning: ${BODY.length} text runs in black that is not 100 K alone`]);
  });

  it('a hairline', async () => {
    const r = await check({ ...clean(), graphics: `${clean().graphics} 0.1 w 250 390 m 390 390 l S` });
    expect(messages(r)).toEqual(['warning: 1 strokes thinner than 0.25 pt']);
  });
});

describe('photos', () => {
  it('in a colour space a plant does not print', async () => {
    const calGray = ['CalGray', { WhitePoint: [0.9505, 1, 1.089] }];
    const r = await check({ ...clean(), images: [{ jpeg: grey, colorSpace: calGray, width: 250, height: 250, at: [250, 100], size: [72, 72] }] });
    expect(messages(r)).toEqual(['error: an image of 250×250 pixels is in CalGray']);
  });

  it('above the ink limit', async () => {
    const r = await check({ ...clean(), images: [{ jpeg: fullInk, at: [250, 100], size: [72, 72] }] });
    expect(r.print.images[0].maxInk).toBe(4);
    expect(messages(r)).toEqual(['warning: an image of 250×250 pixels reaches 400 % ink']);
  });

  it.each([
    // 170 pixels across an inch; 100 pixels across an inch.
    [[72 * (250 / 170), 72 * (250 / 170)], 'warning: image 1 on page 1 (250×250 pixels) prints at 170 ppi, below 200: it will look soft'],
    [[180, 180], 'error: image 1 on page 1 (250×250 pixels) prints at 100 ppi, below 150: it will look soft'],
  ] as const)('at a low resolution (%j pt)', async (size, message) => {
    const r = await check({ ...clean(), images: [{ jpeg: photo, at: [200, 100], size: [...size] }] });
    expect(messages(r)).toEqual([message]);
  });
});

describe('composition measured on the page', () => {
  it('a prohibited mark at a line start', async () => {
    const r = await check({ ...clean(), lines: body({ 2: { text: '，部敢为善为有为让链上企业' } }) });
    expect(r.typography.kinsoku).toMatchObject({ lineStart: 1, lineEnd: 0, splitPairs: 0 });
    expect(r.text).toContain('prohibited marks at a line start 1, at a line end 0, split —— or …… 0');
    expect(r.text).toContain(`p1 y=${100 + 2 * PITCH}: ，部敢为善为有为让链上企业 (starts with ，)`);
    // A finding the plant's gate stops on: an error, so that check exits 1.
    expect(messages(r)).toContain(`error: page 1, line at y=${100 + 2 * PITCH} pt: "，部敢为善为有为让链上企业" starts with ，`);
  });

  it('a prohibited mark at a line end', async () => {
    const r = await check({ ...clean(), lines: body({ 1: { text: '了企业的技改热情，也带动“' } }) });
    expect(r.typography.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 1, splitPairs: 0 });
    expect(r.text).toContain('prohibited marks at a line start 0, at a line end 1, split —— or …… 0');
    expect(r.text).toContain('(ends with “)');
  });

  it('a note reference carried alone to a line start, after the word it annotates on the full line above', async () => {
    const r = await check({ ...clean(), lines: body({ 2: { text: '①敢为善为有为，让链上企业' } }) });
    expect(r.typography.kinsoku).toMatchObject({ lineStart: 1, lineEnd: 0, splitPairs: 0 });
    expect(messages(r)).toContain(`error: page 1, line at y=${100 + 2 * PITCH} pt: "①敢为善为有为，让链上企业" starts with the note reference ① of the line above`);
  });

  it('but not the same mark opening a list item after a paragraph\'s end', async () => {
    const r = await check({ ...clean(), lines: body({ 4: { text: '①组织担当带动干部敢为善', x: 50 } }) });
    expect(r.typography.kinsoku.lineStart).toBe(0);
  });

  it.each([['——', '—'], ['……', '…']])('a split %s', async (pair, half) => {
    const r = await check({ ...clean(), lines: body({ 5: { text: `善为有为，是新时代组织工${half}` }, 6: { text: `${half}的答卷也是考卷。` } }) });
    expect(r.typography.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0, splitPairs: 1 });
    expect(r.text).toContain('prohibited marks at a line start 0, at a line end 0, split —— or …… 1');
    expect(r.text).toContain(`(ends with half of ${pair})`);
  });

  it('wide gaps between characters in a justified line', async () => {
    const r = await check({ ...clean(), lines: body({ 2: { text: '部敢为善为有为让链上企业', after: { 2: 0.5, 6: 0.5 } } }) });
    expect(r.typography.gaps).toMatchObject({ over015: 2, max: 0.5 });
    expect(r.typography.shortLines.count).toBe(0);
    expect(r.text).toContain('over 0.15 em 2');
    expect(r.text).toContain('部敢为善为有为让链上企业 (2 gaps up to 0.500 em)');
    expect(messages(r)).toContain(`warning: page 1, line at y=${100 + 2 * PITCH} pt: "部敢为善为有为让链上企业" spaced over 0.15 em between characters (2 gaps up to 0.500 em)`);
  });

  it('a justified line short of the measure', async () => {
    const r = await check({ ...clean(), lines: body({ 2: { text: '部敢为善为有为让链上企业' } }) });
    expect(r.typography.shortLines).toMatchObject({ count: 1, examples: [expect.objectContaining({ detail: expect.stringMatching(/^1\.0\d em short$/) })] });
    expect(r.typography.gaps.over015).toBe(0);
    expect(r.text).toContain('justified lines short of the measure 1');
  });

  it('a punctuation pair set full width', async () => {
    const r = await check({ ...clean(), lines: body({ 3: { after: {} } }) });
    expect(r.typography.punctPairs).toMatchObject({ count: 1, fullWidth: 1, examples: [expect.objectContaining({ detail: '。” 0.75 em between the marks' })] });
    expect(r.text).toContain('adjacent punctuation pairs 1, set full width 1');
  });

  it('a lone character on a last line', async () => {
    const r = await check({ ...clean(), lines: body({ 6: { text: '卷。' } }) });
    expect(r.typography.orphans).toMatchObject({ count: 1, examples: [expect.objectContaining({ text: '卷。' })] });
    expect(r.text).toContain('lone characters on a last line 1');
    expect(r.text).toContain(`p1 y=${100 + 6 * PITCH}: 卷。`);
  });

  it('a display line broken inside a word', async () => {
    // Two headline lines at 30 pt, centred one under the other, the break parting 建党.
    const head = (text: string, y: number): TestLine => ({ text, x: 200 - ([...text].length * 30) / 2, y, size: 30 });
    const r = await check({ ...clean(), lines: [...body(), head('心系苍生——建', 260), head('党之初的初心与使命', 295)] });
    expect(r.typography.displayBreaks.count).toBe(1);
    expect(messages(r)).toEqual(['warning: page 1, line at y=260 pt: "心系苍生——建" broken inside a word before "党之初的…"']);
    // Broken between words, the same lines are no finding.
    const between = await check({ ...clean(), lines: [...body(), head('心系苍生——', 260), head('建党之初的初心与使命', 295)] });
    expect(messages(between)).toEqual([]);
  });

  it('a baseline off the grid', async () => {
    const r = await check({ ...clean(), lines: body({ 6: { y: 100 + 6 * PITCH + 2 } }) });
    expect(r.typography.grid.offGrid).toEqual([expect.objectContaining({ text: '的答卷——也是考卷。', y: 100 + 6 * PITCH + 2 })]);
    expect(r.text).toContain('baselines on the 11.6 pt grid 85.7 %');
  });
});

describe('an issue file', () => {
  it('a photo slot without its photo', async () => {
    const slot = SMALL_ISSUE.replace('        body: |', '        photos:\n          - { file: photo.jpg, columns: 2, lines: 8 }\n        body: |');
    const dir = issueDir({ 'issue.yaml': slot });
    const empty = await checkFile(join(dir, 'issue.yaml'));
    expect(empty.diagnostics.filter((d) => /photo slot/.test(d.message))).toEqual([
      { severity: 'warning', message: '1 photo slot has no photo and prints as a placeholder', file: join(dir, 'issue.yaml') },
    ]);
    await solid(1000, 1000, 128).jpeg().toFile(join(dir, 'photo.jpg'));
    const filled = await checkFile(join(dir, 'issue.yaml'));
    expect(filled.diagnostics.filter((d) => /photo slot/.test(d.message))).toEqual([]);
  }, 30_000);

  it('overset text, an error where the build only warns', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, `body: ${'正文'.repeat(600)}\n        frame: { columns: [1, 2], lines: [1, 10] }\n`) });
    const r = await checkFile(join(dir, 'issue.yaml'));
    expect(r.diagnostics.filter((d) => /overflows/.test(d.message))).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^article "story" on page 1 overflows its frame by \d+ lines/) })]);
    const fits = await checkFile(join(issueDir({ 'issue.yaml': SMALL_ISSUE }), 'issue.yaml'));
    expect(fits.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }, 30_000);
});
