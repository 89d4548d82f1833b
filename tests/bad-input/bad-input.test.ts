/**
 * The bad-input corpus: each folder here is an issue an editor might hand in, broken in one
 * way, with the lines `paiban build` must print for it in `expected.txt` (paths relative to
 * the folder, the repository's root as <repo>). Every one must exit 1 with exactly those
 * errors, one line each, and leave no PDF — not even a partial one — behind.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

const CORPUS = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(CORPUS, '../..');
const cases = readdirSync(CORPUS).filter((name) => existsSync(join(CORPUS, name, 'expected.txt')));

/** Runs `paiban build` on an issue into a fresh output folder; stderr with paths made relative to `dir`. */
async function build(dir: string, ...extra: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'paiban-out-'));
  const r = await runCli(['build', join(dir, 'issue.yaml'), '-o', out, ...extra]);
  const code = r.code;
  const stderr = r.stderr.split(`${dir}/`).join('').split(REPO).join('<repo>');
  return { code, lines: stderr.split('\n').filter(Boolean), written: readdirSync(out) };
}

const errors = (lines: string[]) => lines.filter((l) => / error: /.test(l));

describe('bad input', () => {
  it('has a corpus of at least 30 broken issues', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s: exits 1 with its message and writes nothing', async (name) => {
    const expected = readFileSync(join(CORPUS, name, 'expected.txt'), 'utf8').split('\n').filter(Boolean);
    const r = await build(join(CORPUS, name));
    expect(r.code).toBe(1);
    expect(errors(r.lines)).toEqual(errors(expected));
    expect(r.lines).toEqual(expect.arrayContaining(expected));
    expect(r.lines.join('\n')).not.toMatch(/^\s+at /m); // no stack trace
    expect(r.written).toEqual([]);
  });

  // Too large to keep in the repository: written when the test runs.
  it.each([
    ['an issue file over 4 MiB', { 'issue.yaml': `${SMALL_ISSUE}# ${'x'.repeat(4 * 1024 * 1024)}\n` }, `issue.yaml: error: issue file is ${4 * 1024 * 1024 + Buffer.byteLength(SMALL_ISSUE) + 3} bytes, more than the limit of 4194304`],
    ['a body file over 2 MiB', { 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: story.md\n'), 'story.md': '正文。\n'.repeat(300_000) }, 'issue.yaml:9:20: error: body file "story.md" is 3000000 bytes, more than the limit of 2097152 (pages[0].articles[0].body_file)'],
  ])('%s: exits 1 with its message and writes nothing', async (_what, files, message) => {
    const r = await build(issueDir(files));
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([message]);
    expect(r.written).toEqual([]);
  });
});

describe('files that are not regular files, or grow without end', () => {
  const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
  const withBodyFile = SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: story.md\n');
  const withPhoto = SMALL_ISSUE.replace('        body: |', '        frame: { columns: [1, 6], lines: [1, 40] }\n        photos: [{ file: photo.jpg, columns: 2, lines: 10 }]\n        body: |');
  const layoutWith = (font: string) =>
    readFileSync(join(REPO, 'layouts/tabloid.yaml'), 'utf8').replace(/\.\.\/fonts\//g, `${REPO}/fonts/`).replace(`${REPO}/fonts/NotoSansCJKsc-Medium.otf`, font);

  // Each of these hung (a FIFO is read only when something writes to it) or grew without bound (/dev/zero).
  it.each([
    ['a FIFO as body file', (dir: string) => (writeFileSync(join(dir, 'issue.yaml'), withBodyFile), mkfifo(join(dir, 'story.md'))), [], 'issue.yaml:9:20: error: body file "story.md" is a FIFO (named pipe), not a regular file (pages[0].articles[0].body_file)'],
    ['/dev/zero as body file', (dir: string) => (writeFileSync(join(dir, 'issue.yaml'), withBodyFile), symlinkSync('/dev/zero', join(dir, 'story.md'))), ['--allow-outside'], 'issue.yaml:9:20: error: body file "story.md" is a device, not a regular file (pages[0].articles[0].body_file)'],
    ['a FIFO as photo', (dir: string) => (writeFileSync(join(dir, 'issue.yaml'), withPhoto), mkfifo(join(dir, 'photo.jpg'))), [], 'issue.yaml:10:26: error: photo file "photo.jpg" is a FIFO (named pipe), not a regular file (pages[0].articles[0].photos[0].file)'],
    ['a FIFO as layout', (dir: string) => (writeFileSync(join(dir, 'issue.yaml'), SMALL_ISSUE.replace('layout: tabloid', 'layout: custom.yaml')), mkfifo(join(dir, 'custom.yaml'))), [], 'issue.yaml:3:9: error: layout file "custom.yaml" is a FIFO (named pipe), not a regular file (layout)'],
    ['a FIFO as issue file', (dir: string) => mkfifo(join(dir, 'issue.yaml')), [], 'issue.yaml: error: issue file is a FIFO (named pipe), not a regular file'],
    ['a FIFO as font', (dir: string) => {
      writeFileSync(join(dir, 'issue.yaml'), SMALL_ISSUE.replace('layout: tabloid', 'layout: custom.yaml'));
      writeFileSync(join(dir, 'custom.yaml'), layoutWith('font.otf'));
      mkfifo(join(dir, 'font.otf'));
    }, [], 'custom.yaml:22:23: error: font file font.otf is a FIFO (named pipe), not a regular file (fonts.hei.file)'],
    ['a sparse issue file of 1.9 GB', (dir: string) => {
      // Refused by its size before it is read: it once took 2 GB of memory to be told it was too large.
      const fd = openSync(join(dir, 'issue.yaml'), 'w');
      writeSync(fd, 'x', 1_900_000_000);
      closeSync(fd);
    }, [], 'issue.yaml: error: issue file is 1900000001 bytes, more than the limit of 4194304'],
  ])('%s is refused at once, naming it and its field', async (_what, make, extra, message) => {
    const dir = issueDir({});
    make(dir);
    const r = await build(dir, ...extra);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([message]);
    expect(r.written).toEqual([]);
  }, 20_000);

  it('refuses a font whose advances are impossible (an hmtx table of 0xFF), naming the font', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace('layout: tabloid', 'layout: custom.yaml') });
    const font = readFileSync(join(REPO, 'fonts/NotoSansCJKsc-Medium.otf'));
    const tables = font.readUInt16BE(4);
    for (let i = 0; i < tables; i++) {
      const rec = 12 + 16 * i;
      if (font.toString('latin1', rec, rec + 4) === 'hmtx') font.fill(0xff, font.readUInt32BE(rec + 8), font.readUInt32BE(rec + 8) + font.readUInt32BE(rec + 12));
    }
    writeFileSync(join(dir, 'font.otf'), font);
    writeFileSync(join(dir, 'custom.yaml'), layoutWith('font.otf'));
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual(['custom.yaml:22:23: error: cannot use font font.otf: its advance table gives 中 (U+4E2D) a width of 65.535 em, where an ideograph is about 1 em; the font is damaged (fonts.hei.file)']);
  }, 20_000);

  it.each([
    ['253402300800', 'error: SOURCE_DATE_EPOCH=253402300800 is after the year 9999 (at most 253402300799, 9999-12-31 23:59:59 UTC), which a PDF date cannot hold'],
    ['yesterday', 'error: SOURCE_DATE_EPOCH="yesterday" is not a whole number of seconds since 1970'],
  ])('refuses SOURCE_DATE_EPOCH=%s, which would write an invalid PDF date', async (epoch, message) => {
    process.env.SOURCE_DATE_EPOCH = epoch;
    try {
      const r = await build(issueDir({ 'issue.yaml': SMALL_ISSUE }));
      expect(r.code).toBe(1);
      expect(r.lines).toEqual([message]);
      expect(r.written).toEqual([]);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });

  it('says in words that -o names a file, not a folder', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE, 'taken.pdf': 'not a folder' });
    // --out rather than -o: the helper would look for PDFs in the folder -o names.
    const r = await runCli(['build', join(dir, 'issue.yaml'), '--out', join(dir, 'taken.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${dir}/taken.pdf: error: cannot write ${basename(dir)}-01.pdf: ${dir}/taken.pdf is a file, not a folder\n`);
    expect(r.stderr).not.toMatch(/EEXIST|ENOTDIR/);
    const below = await runCli(['build', join(dir, 'issue.yaml'), '--out', join(dir, 'taken.pdf/a/b')]);
    expect(below.stderr).toContain(`${dir}/taken.pdf: error: cannot write ${basename(dir)}-01.pdf: ${dir}/taken.pdf is a file, not a folder\n`);
  });

  it('says where a folder cannot be made (under /proc, where Node\'s recursive mkdir never returned)', async () => {
    const r = await runCli(['build', join(issueDir({ 'issue.yaml': SMALL_ISSUE }), 'issue.yaml'), '--out', '/proc/paiban-out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/proc/paiban-out: error: cannot write ');
    expect(r.stderr).toContain(' into /proc/paiban-out: a folder cannot be made there (ENOENT)\n');
  }, 20_000);
});

describe('photos that cannot be used', () => {
  const withPhoto = SMALL_ISSUE.replace('        body: |', '        frame: { columns: [1, 6], lines: [1, 40] }\n        photos: [{ file: photo.jpg, columns: 2, lines: 10 }]\n        body: |');

  it.each([
    ['a decompression bomb', async () => {
      // A small JPEG whose header claims 20000 × 20000 pixels.
      const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).jpeg().toBuffer();
      const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
      jpeg.writeUInt16BE(20000, sof + 5);
      jpeg.writeUInt16BE(20000, sof + 7);
      return jpeg;
    }, /photo .*photo\.jpg .*pixel limit.*; the slot shows a placeholder/],
    ['a corrupt file', async () => Buffer.from('not a picture at all'), /photo .*photo\.jpg cannot be read as an image .*; the slot shows a placeholder/],
    // These two passed the check (read leniently) and then crashed the embedding (read strictly), exit 70.
    ['a PNG with a bad IDAT checksum', damagedPng, /issue\.yaml:10:26: warning: photo photo\.jpg cannot be read as an image \(vipspng: libpng read error\); the slot shows a placeholder \(pages\[0\]\.articles\[0\]\.photos\[0\]\.file\)/],
    ['a JPEG whose header promises more rows than it has', tallJpeg, /issue\.yaml:10:26: warning: photo photo\.jpg cannot be read as an image \(VipsJpeg: .*\); the slot shows a placeholder \(pages\[0\]\.articles\[0\]\.photos\[0\]\.file\)/],
  ])('%s is reported and its slot drawn as a placeholder', async (_what, picture, message) => {
    const dir = issueDir({ 'issue.yaml': withPhoto });
    writeFileSync(join(dir, 'photo.jpg'), await picture());
    const r = await build(dir);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.includes('photo'))).toEqual([expect.stringMatching(message)]);
    expect(r.written.filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
  });
});

/** A picture of noise large enough to print at over 200 ppi in a 2-column slot. */
const noise = () => {
  const data = Buffer.alloc(1600 * 1200 * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
  return sharp(data, { raw: { width: 1600, height: 1200, channels: 3 } });
};

async function damagedPng(): Promise<Buffer> {
  const png = await noise().png().toBuffer();
  const idat = png.indexOf(Buffer.from('IDAT'));
  png[idat + 4 + png.readUInt32BE(idat - 4)] ^= 0xff; // the first IDAT chunk's CRC
  return png;
}

async function tallJpeg(): Promise<Buffer> {
  const jpeg = await noise().jpeg().toBuffer();
  jpeg.writeUInt16BE(2400, jpeg.indexOf(Buffer.from([0xff, 0xc0])) + 5);
  return jpeg;
}

describe('a damaged photo through check and export', () => {
  const withPhoto = SMALL_ISSUE.replace('        body: |', '        frame: { columns: [1, 6], lines: [1, 40] }\n        photos: [{ file: photo.png, columns: 2, lines: 10 }]\n        body: |');

  it('check warns naming the photo\'s field, and does not crash', async () => {
    const dir = issueDir({ 'issue.yaml': withPhoto });
    writeFileSync(join(dir, 'photo.png'), await damagedPng());
    const r = await runCli(['check', join(dir, 'issue.yaml')]);
    expect(r.code).not.toBe(70);
    expect(r.stderr).toContain(`${dir}/issue.yaml:10:26: warning: photo photo.png cannot be read as an image (vipspng: libpng read error); the slot shows a placeholder (pages[0].articles[0].photos[0].file)`);
    expect(r.stderr).not.toMatch(/internal error/);
  }, 30_000);
});
