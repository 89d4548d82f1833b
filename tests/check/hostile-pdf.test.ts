/**
 * Hostile PDFs given to `check` and `preview`: each is refused in one line naming the file,
 * with exit status 1, never an internal error or a read without bound — a page tree that
 * contains itself, arrays nested 100,000 deep, a page too large to draw, a stream of 1 MB
 * that inflates to 1 GiB.
 */
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { issueDir } from '../helpers/issue-dir.js';

/** A PDF of the given objects (object 1 the catalog), with a correct cross-reference table. */
function pdfOf(objects: (string | Buffer)[]): Buffer {
  const parts = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    parts.push(object);
    length += object.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.concat([...parts, Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`)]);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
const CONTENT = stream('', Buffer.from('0 0 0 1 k 72 72 100 100 re f'));

/** A one-page PDF: the page's dictionary entries and contents may be given, and objects added after the page's (from object 5). */
const onePage = (pageEntries = '/MediaBox [0 0 612 792]', contents: Buffer = CONTENT, more: Buffer[] = []) =>
  pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', `<< /Type /Page /Parent 2 0 R ${pageEntries} /Contents 4 0 R >>`, contents, ...more]);

/**
 * `bytes` of zeros compressed by zlib: a 16 MiB block compressed once and repeated (each ends
 * byte-aligned with its dictionary reset), an empty last block, and the Adler-32 of zeros.
 */
function zeros(bytes: number): Buffer {
  const chunk = 16 << 20;
  const block = deflateRawSync(Buffer.alloc(chunk), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((bytes % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array<Buffer>(bytes / chunk).fill(block), Buffer.from([3, 0]), adler]);
}

const GIB = 1 << 30;
const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

const FILES: Record<string, () => Buffer> = {
  'self-tree.pdf': () =>
    pdfOf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>', CONTENT]),
  'nested.pdf': () => onePage(`/MediaBox [0 0 612 792] /Deep ${deep}`),
  'huge-page.pdf': () => onePage('/MediaBox [0 0 14400 14400]'),
  'bomb.pdf': () => onePage(undefined, CONTENT, [stream('/Filter /FlateDecode', zeros(GIB))]),
  'bomb-content.pdf': () => onePage(undefined, stream('/Filter /FlateDecode', zeros(GIB))),
  // Compressed twice, or hex-encoded before it: the bound holds through the whole chain of filters.
  'bomb-twice.pdf': () => onePage(undefined, CONTENT, [stream('/Filter [/FlateDecode /FlateDecode]', deflateSync(zeros(GIB)))]),
  'bomb-hex.pdf': () => onePage(undefined, CONTENT, [stream('/Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from(zeros(GIB).toString('hex')))]),
  // Ten streams each under the bound of one, over the bound of all.
  'bombs.pdf': () => onePage(undefined, CONTENT, Array.from({ length: 10 }, () => stream('/Filter /FlateDecode', zeros(112 << 20)))),
};

function hostileDir(): string {
  const dir = issueDir({});
  for (const [name, make] of Object.entries(FILES)) writeFileSync(join(dir, name), make());
  return dir;
}

const BOMB = /error: the stream of object \d \(\d+ bytes\) inflates to more than 128 MiB: the file is not read$/;
const BOMBS = /error: its streams inflate to more than 1024 MiB in all: the file is not read$/;

describe('hostile PDFs', () => {
  const dir = hostileDir();

  it.each([
    ['self-tree.pdf', /error: cannot be read as a PDF \(page 1: Pages tree contains circular reference\.\)$/],
    ['nested.pdf', /error: cannot be read as a PDF \(page 1: its objects are nested too deep\)$/],
    ['bomb.pdf', BOMB],
    ['bomb-content.pdf', BOMB],
    ['bomb-twice.pdf', BOMB],
    ['bomb-hex.pdf', BOMB],
    ['bombs.pdf', BOMBS],
  ])('check refuses %s in one line', async (name, message) => {
    const r = await runCli(['check', join(dir, name)]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`${join(dir, name)}: `)).toBe(true);
    expect(lines[0]).toMatch(message);
  }, 60_000);

  it.each([
    ['self-tree.pdf', /error: cannot be read as a PDF \(page 2 is damaged or not a page\)$/],
    ['huge-page.pdf', /error: page 1 is 14400×14400 pt, 20000×20000 pixels at 100 dpi, more than the 150 million a page may have \(a lower --dpi renders it\)$/],
    ['bomb.pdf', BOMB],
    ['bomb-content.pdf', BOMB],
    ['bomb-twice.pdf', BOMB],
    ['bombs.pdf', BOMBS],
  ])('preview refuses %s in one line', async (name, message) => {
    const out = join(dir, `out-${name}`);
    const r = await runCli(['preview', join(dir, name), '-o', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`${join(dir, name)}: `)).toBe(true);
    expect(lines[0]).toMatch(message);
    // Not even the pages before the one that failed.
    expect(existsSync(out) && readdirSync(out).length).toBeFalsy();
  }, 60_000);

  it('preview draws a page whose dictionary nests arrays 100,000 deep (PDFium stops at its depth limit)', async () => {
    const r = await runCli(['preview', join(dir, 'nested.pdf'), '-o', join(dir, 'nested-out'), '--dpi', '10']);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'nested-out', 'nested-p1.png'))).toBe(true);
  }, 60_000);

  it('the huge page renders at a resolution that keeps it within the limit', async () => {
    const r = await runCli(['preview', join(dir, 'huge-page.pdf'), '-o', join(dir, 'huge-out'), '--dpi', '5']);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);
});
