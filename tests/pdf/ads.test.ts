/**
 * Advertisements: a vector PDF placed as a Form XObject (its text extractable, its fonts
 * embedded, the page still PDF/X), an image placed whole, a file off its slot's proportions
 * refused naming both sizes, and preflight of RGB, fonts not embedded and transparency.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { checkFile } from '../../src/check/check.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { BuildContext } from '../../src/context.js';
import { contentOperators, inspectArtwork } from '../../src/pdf/artwork.js';
import { buildIssue } from '../helpers/build.js';
import { issueDir } from '../helpers/issue-dir.js';

const SAMPLE_ADS = join(import.meta.dirname, '../../issues/evening-edition/ads');

// Preflight as it is, counted: how often a build reads an advertisement.
vi.mock('../../src/pdf/artwork.js', async (original) => {
  const module = await original<typeof import('../../src/pdf/artwork.js')>();
  return { ...module, inspectArtwork: vi.fn(module.inspectArtwork) };
});

/** A one-page tabloid issue with a short story and the advertisements given (YAML lines under `ads:`). */
function adIssue(ads: string[], files: Record<string, string> = {}): string {
  const dir = issueDir({
    'issue.yaml': `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    ads:
${ads.map((a) => `      - ${a}\n`).join('')}    articles:
      - id: story
        headline: 标题
        columns: 1
        body: 正文一段，用来检验排版。
`,
  });
  for (const [name, from] of Object.entries(files)) copyFileSync(from, join(dir, name));
  return join(dir, 'issue.yaml');
}

const out = () => mkdtempSync(join(tmpdir(), 'paiban-ads-'));
const messages = (r: { diagnostics: { severity: string; message: string }[] }) => r.diagnostics.map((d) => `${d.severity}: ${d.message}`);

describe('a vector PDF advertisement', () => {
  it('is placed as a form, its text extractable and its fonts embedded, and the page passes check as PDF/X', async () => {
    // The sample's ad is 207 × 78.3 pt: the art of a 2-column, 8-line slot under its label line.
    const file = adIssue(['{ id: shop, file: shop.pdf, columns: [5, 6], lines: [20, 27] }'], { 'shop.pdf': join(SAMPLE_ADS, 'jiadian.pdf') });
    const built = await buildIssue(file, { outDir: out() });
    expect(built.diagnostics).toEqual([]);
    const [page] = await readPdf(built.pdf!);
    const text = page.runs.map((r) => r.glyphs.map((g) => g.text).join('')).join('');
    for (const words of ['广告', '山城家电城', '国庆焕新季', '订购热线023-63808888']) expect(text.replace(/\s/g, '')).toContain(words);
    expect(page.fonts.every((f) => f.embedded && f.toUnicode)).toBe(true);
    const report = await checkFile(built.pdf!);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.print.rgbOperations).toBe(0);
  }, 60_000);

  it('whose proportions are off its slot is an error naming both sizes', async () => {
    const file = adIssue(['{ id: shop, file: shop.pdf, columns: [4, 6], lines: [20, 27] }'], { 'shop.pdf': join(SAMPLE_ADS, 'jiadian.pdf') });
    const built = await buildIssue(file, { outDir: out() });
    expect(built.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 7,
        field: 'pages[0].ads[0].file',
        message: 'advertisement "shop" (shop.pdf) is 73 × 27.6 mm, and the slot it fills 111.1 × 27.6 mm (columns 4–6, lines 20–27, less the label\'s line): taller by 34 %, more than the 2 % allowed; an advertisement is placed whole, never cropped',
      }),
    ]);
    expect(built.pdf).toBeUndefined();
  });

  it('in RGB, or with a font not embedded, is refused, naming the file and why', async () => {
    const doc = await PDFDocument.create();
    const p = doc.addPage([207, 78.3]);
    p.drawRectangle({ x: 10, y: 10, width: 100, height: 40, color: rgb(1, 0, 0) });
    p.drawText('SALE', { x: 20, y: 20, size: 20, font: await doc.embedFont(StandardFonts.Helvetica) });
    const dir = mkdtempSync(join(tmpdir(), 'paiban-rgb-'));
    writeFileSync(join(dir, 'rgb.pdf'), await doc.save());
    const built = await buildIssue(adIssue(['{ id: sale, file: rgb.pdf, columns: [5, 6], lines: [20, 27] }'], { 'rgb.pdf': join(dir, 'rgb.pdf') }), { outDir: out() });
    expect(messages(built)).toEqual([
      'error: advertisement "sale" (rgb.pdf) uses the font Helvetica, which is not embedded',
      'error: advertisement "sale" (rgb.pdf) sets colours in RGB (rg/RG): refused, as converting vector colour means rewriting it (and its black text would print in four colours); ask for a CMYK file',
    ]);
  });

  it('that inflates past the bound, through two Flate filters, is refused before it is parsed', async () => {
    // 64 MiB of zeros compressed twice: a few hundred bytes, over the bound of one stream only if both filters are followed.
    const twice = deflateSync(deflateSync(Buffer.alloc(200 << 20)));
    const doc = await PDFDocument.create();
    doc.addPage([207, 78.3]);
    const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
    const at = bytes.lastIndexOf('xref');
    const bomb = Buffer.concat([bytes.subarray(0, at), Buffer.from(`99 0 obj\n<< /Filter [/FlateDecode /FlateDecode] /Length ${twice.length} >>\nstream\n`), twice, Buffer.from('\nendstream\nendobj\n'), bytes.subarray(at)]);
    const dir = mkdtempSync(join(tmpdir(), 'paiban-bomb-'));
    writeFileSync(join(dir, 'bomb.pdf'), bomb);
    const built = await buildIssue(adIssue(['{ id: sale, file: bomb.pdf, columns: [5, 6], lines: [20, 27] }'], { 'bomb.pdf': join(dir, 'bomb.pdf') }), { outDir: out() });
    expect(messages(built).filter((m) => m.startsWith('error'))).toEqual([
      expect.stringMatching(/^error: advertisement "sale" \(bomb\.pdf\) the stream of object 99 \(\d+ bytes\) inflates to more than 128 MiB: the file is not read$/),
    ]);
    expect(built.pdf).toBeUndefined();
  });
});

describe('an image advertisement', () => {
  it('in RGB is converted through the output profile, with a warning, and prints in CMYK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-rgb-'));
    // 207 × 78.3 pt at 300 ppi.
    await sharp({ create: { width: 863, height: 326, channels: 3, background: { r: 200, g: 30, b: 40 } } }).jpeg().toFile(join(dir, 'rgb.jpg'));
    const built = await buildIssue(adIssue(['{ id: red, file: red.jpg, columns: [5, 6], lines: [20, 27] }'], { 'red.jpg': join(dir, 'rgb.jpg') }), { outDir: out() });
    expect(messages(built)).toEqual(['warning: advertisement "red" (red.jpg) is RGB: converted to CMYK through the output profile, as photos are; ask for a CMYK file to print its colours as proofed']);
    const report = await checkFile(built.pdf!);
    expect(report.print.images.map((i) => i.colorSpace)).toEqual(['DeviceCMYK']);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('placed alike twice (checked once a build) is reported for each placement, at its own line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-twice-'));
    await sharp({ create: { width: 863, height: 326, channels: 3, background: { r: 200, g: 30, b: 40 } } }).jpeg().toFile(join(dir, 'rgb.jpg'));
    const ads = ['{ id: red, file: red.jpg, columns: [5, 6], lines: [20, 27] }', '{ id: red-again, file: red.jpg, columns: [5, 6], lines: [40, 47] }'];
    const built = await buildIssue(adIssue(ads, { 'red.jpg': join(dir, 'rgb.jpg') }), { outDir: out() });
    const rgbWarning = (id: string) => `warning: advertisement "${id}" (red.jpg) is RGB: converted to CMYK through the output profile, as photos are; ask for a CMYK file to print its colours as proofed`;
    expect(messages(built)).toEqual([rgbWarning('red'), rgbWarning('red-again')]);
    expect(built.diagnostics.map((d) => d.line)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(new Set(built.diagnostics.map((d) => d.line)).size).toBe(2);
  });

  it('is read again in a rebuild only when its file changed, its findings told in every build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-rebuild-ad-'));
    const red = sharp({ create: { width: 863, height: 326, channels: 3, background: { r: 200, g: 30, b: 40 } } });
    await red.clone().jpeg().toFile(join(dir, 'rgb.jpg'));
    const file = adIssue(['{ id: red, file: red.jpg, columns: [5, 6], lines: [20, 27] }'], { 'red.jpg': join(dir, 'rgb.jpg') });
    const context = new BuildContext();
    const build = () => buildIssue(file, { outDir: out(), context });
    const rgbWarning = 'warning: advertisement "red" (red.jpg) is RGB: converted to CMYK through the output profile, as photos are; ask for a CMYK file to print its colours as proofed';
    vi.mocked(inspectArtwork).mockClear();
    expect(messages(await build())).toEqual([rgbWarning]);
    expect(messages(await build())).toEqual([rgbWarning]);
    expect(inspectArtwork).toHaveBeenCalledTimes(1);
    // The advertiser sends a CMYK file in its place.
    await red.clone().toColourspace('cmyk').jpeg().toFile(join(dirname(file), 'red.jpg'));
    expect(messages(await build())).toEqual([]);
    expect(inspectArtwork).toHaveBeenCalledTimes(2);
  });

  it('is placed whole in a slot given in millimetres, and reported when it prints too coarse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-low-'));
    await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }).toColourspace('cmyk').jpeg().toFile(join(dir, 'low.jpg'));
    // 90 × 60 mm less the label's line: 300 pixels over 90 mm is 85 ppi.
    const built = await buildIssue(adIssue(['{ id: low, file: low.jpg, at: { column: 1, line: 40 }, width: 90mm, height: 64.07mm }'], { 'low.jpg': join(dir, 'low.jpg') }), { outDir: out() });
    expect(messages(built)).toEqual(['error: advertisement "low" (low.jpg) prints at 85 ppi, below 150']);
  });
});

describe('reading a content stream for preflight', () => {
  it('steps over strings, dictionaries and inline images', () => {
    const ops = [...contentOperators('q 1 0 0 1 5 5 cm (a) Tj (b\\) (c) rg) Tj /P <</MCID 0 /A <</B 1>>>> BDC BI /W 1 /H 1 ID \x00k\x01 EI 0 0 0 1 k Q')];
    expect(ops.map((o) => [o.op, o.args.join(' ')])).toEqual([
      ['q', ''],
      ['cm', '1 0 0 1 5 5'],
      ['Tj', '()'],
      ['Tj', '()'],
      ['BDC', '/P <<>>'],
      ['BI', ''],
      ['k', '0 0 0 1'],
      ['Q', ''],
    ]);
  });
});
