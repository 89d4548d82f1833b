/**
 * The bad-input corpus: each folder here is an issue an editor might hand in, broken in one
 * way, with the lines `paiban build` must print for it in `expected.txt` (paths relative to
 * the folder, the repository's root as <repo>). Every one must exit 1 with exactly those
 * errors, one line each, and leave no PDF — not even a partial one — behind.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
  ])('%s is reported and its slot drawn as a placeholder', async (_what, picture, message) => {
    const dir = issueDir({ 'issue.yaml': withPhoto });
    writeFileSync(join(dir, 'photo.jpg'), await picture());
    const r = await build(dir);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.includes('photo'))).toEqual([expect.stringMatching(message)]);
    expect(r.written.filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
  });
});
