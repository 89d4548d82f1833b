/** Print output: photos converted for the press, read back from the PDF, and reproducible files. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../helpers/build.js';
import { checkFile } from '../../src/check/check.js';
import { LAYOUTS_DIR } from '../../src/layout/load-layout.js';
import { printedRegion } from '../../src/pdf/picture.js';
import { issueDir } from '../helpers/issue-dir.js';

const issue = (layout: string) => `paper: 测试日报
date: 2024-03-01
layout: ${layout}
pages:
  - number: 1
    articles:
      - id: photos
        body: 图片测试。
        frame: { columns: [1, 6], lines: [1, 80] }
        photos:
          - { file: white.jpg, columns: 2, lines: 12, at: { column: 1, line: 1 }, caption: 白色照片。 }
          - { file: grey.png, columns: 2, lines: 12, at: { column: 3, line: 1 }, caption: 灰色照片。 }
          - { file: small.jpg, columns: 2, lines: 12, at: { column: 5, line: 1 }, caption: 小照片。 }
`;

let dir: string;
beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': issue('tabloid') });
  const px = (w: number, h: number, v: number) => sharp({ create: { width: w, height: h, channels: 3, background: { r: v, g: v, b: v } } });
  await px(1200, 900, 255).jpeg().toFile(join(dir, 'white.jpg'));
  await px(1200, 900, 40).toColourspace('b-w').png().toFile(join(dir, 'grey.png'));
  await px(480, 360, 128).jpeg().toFile(join(dir, 'small.jpg'));
  const black = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8')
    .replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`)
    .replace(/^box:/m, 'print: { gray_photos: black }\nbox:');
  writeFileSync(join(dir, 'black.yaml'), black);
  writeFileSync(join(dir, 'issue-black.yaml'), issue('black.yaml'));
}, 30_000);

describe('photos for the press', () => {
  it('are converted to CMYK without inversion, and check reports their resolution', async () => {
    const report = await checkFile(join(dir, 'issue.yaml'));
    const images = report.print.images;
    expect(images.map((i) => i.colorSpace)).toEqual(['DeviceCMYK', 'DeviceCMYK', 'DeviceCMYK']);
    // White paper stays white: an inverted CMYK JPEG would carry 400 % ink here.
    expect(images[0].maxInk).toBeLessThan(0.05);
    // A dark grey in four colours stays within the ink limit (JPEG noise allowed).
    expect(images[1].maxInk).toBeGreaterThan(1);
    expect(images[1].maxInk).toBeLessThan(2.5);
    // 480 pixels over two tabloid columns (about 81 mm) is about 167 ppi: a warning.
    expect(report.print.minPpi).toBeGreaterThan(150);
    expect(report.print.minPpi).toBeLessThan(200);
    // Said once, by the build, naming the photo's field in the issue file.
    expect(report.diagnostics.filter((d) => /ppi/.test(d.message))).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/small\.jpg prints at \d+ ppi, below 200/), field: 'pages[0].articles[0].photos[2].file' }),
    ]);
  }, 60_000);

  it('are in the file once when placed alike more than once, and once per size otherwise', async () => {
    const twice = issue('tabloid')
      .replace('grey.png, columns: 2, lines: 12', 'white.jpg, columns: 2, lines: 12')
      .replace('small.jpg, columns: 2, lines: 12', 'white.jpg, columns: 2, lines: 14');
    writeFileSync(join(dir, 'issue-twice.yaml'), twice);
    const r = await buildIssue(join(dir, 'issue-twice.yaml'), { outDir: join(dir, 'twice') });
    const pdf = readFileSync(r.pdf!, 'latin1');
    expect(pdf.match(/\/Subtype\s*\/Image/g)).toHaveLength(2);
    // The page names three pictures, two of them the same object.
    const refs = [...pdf.matchAll(/\/Im\d+\s+(\d+) 0 R/g)].map((m) => m[1]);
    expect(refs).toHaveLength(3);
    expect(new Set(refs).size).toBe(2);
  });

  it('print the editor\'s crop: its region of the slot\'s shape, at the resolution its pixels give', async () => {
    // white.jpg is 1200 × 900 pixels: whole, a 2-column slot (about 2.9 in) takes it at 200 ppi; its
    // left two fifths kept, the 480 pixels across print below 200 ppi, and the build says so.
    const cropped = issue('tabloid').replace('{ file: white.jpg, columns: 2, lines: 12,', '{ file: white.jpg, crop: [0, 0, 0.4, 1], columns: 2, lines: 12,');
    writeFileSync(join(dir, 'issue-crop.yaml'), cropped);
    const whole = await checkFile(join(dir, 'issue.yaml'));
    const half = await checkFile(join(dir, 'issue-crop.yaml'));
    expect(whole.print.images[0].width).toBeGreaterThan(480);
    expect(half.print.images[0].width).toBe(480);
    expect(whole.diagnostics.some((d) => /white\.jpg prints at/.test(d.message))).toBe(false);
    expect(half.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/white\.jpg prints at 1[5-9]\d ppi, below 200/) }));
    const bad = cropped.replace('crop: [0, 0, 0.4, 1]', 'crop: [0.6, 0, 0.5, 1]');
    writeFileSync(join(dir, 'issue-bad-crop.yaml'), bad);
    await expect(buildIssue(join(dir, 'issue-bad-crop.yaml'), { outDir: join(dir, 'bad-crop') })).rejects.toThrow(/keeps nothing: left must be less than right/);
  });

  it('puts greyscale photos on the black plate alone when the layout asks', async () => {
    const report = await checkFile(join(dir, 'issue-black.yaml'));
    expect(report.print.images.map((i) => i.colorSpace)).toEqual(['DeviceCMYK', 'DeviceGray', 'DeviceCMYK']);
  });
});

describe('printer\'s marks', () => {
  it('are drawn in the registration colour (Separation All), which preflight does not count as ink', async () => {
    const marks = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8')
      .replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`)
      .replace(/^box:/m, 'print: { marks: true }\nbox:');
    writeFileSync(join(dir, 'marks.yaml'), marks);
    writeFileSync(join(dir, 'issue-marks.yaml'), issue('marks.yaml'));
    const report = await checkFile(join(dir, 'issue-marks.yaml'));
    expect(report.print.colorSpaces.Separation).toBeGreaterThan(0);
    expect(report.print.overInk).toEqual([]);
  });

  it('may not differ between the pages of one file', async () => {
    const two = issue('tabloid').replace(/(  - number: 1[\s\S]*)$/, (page) => `${page}${page.replace('number: 1', 'number: 2\n    layout: marks.yaml')}`);
    writeFileSync(join(dir, 'issue-two.yaml'), two);
    const result = await buildIssue(join(dir, 'issue-two.yaml'), { outDir: join(dir, 'two') });
    expect(result.pdf).toBeUndefined();
    expect(result.diagnostics.find((d) => d.severity === 'error')?.message).toMatch(/page 2 is on a layout with other print settings than page 1/);
  });
});

describe('reproducible output', () => {
  it('gives byte-identical PDFs for the same input', async () => {
    const a = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'a') });
    const b = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'b') });
    expect(readFileSync(a.pdf!).equals(readFileSync(b.pdf!))).toBe(true);
  }, 60_000);

  it('takes its dates from SOURCE_DATE_EPOCH when it is set', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const r = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'c') });
      expect(readFileSync(r.pdf!, 'latin1')).toContain('D:20231114221320Z');
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });
});

describe('the region of a photo that prints', () => {
  it('is the largest of the slot\'s shape inside the crop, centred on the focus as far as the crop allows', () => {
    // A 1000 × 500 picture in a square slot, the focus near its right edge.
    expect(printedRegion(1000, 500, 1, [0.9, 0.5])).toEqual({ left: 500, top: 0, width: 500, height: 500 });
    // Its left half kept: the square stays inside it, however far right the focus.
    expect(printedRegion(1000, 500, 1, [0.9, 0.5], [0, 0, 0.5, 1])).toEqual({ left: 0, top: 0, width: 500, height: 500 });
    // A wide slot in a tall crop: as wide as the crop, centred on the focus down it.
    expect(printedRegion(1000, 500, 2, [0.25, 0.2], [0, 0, 0.5, 1])).toEqual({ left: 0, top: 0, width: 500, height: 250 });
    expect(printedRegion(1000, 500, 2, [0.25, 0.8], [0, 0, 0.5, 1])).toEqual({ left: 0, top: 250, width: 500, height: 250 });
  });
});
