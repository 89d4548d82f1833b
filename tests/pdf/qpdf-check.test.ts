/**
 * The structural check every test runs on the PDFs it writes (tests/helpers/pdf.ts): qpdf --check,
 * compiled to WebAssembly. It must pass a file paiban writes and fail one whose cross-reference
 * table, stream length, object syntax or end is wrong — a check that passes everything proves nothing.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PdfText, PdfWriter } from '../../src/pdf/pdf-writer.js';
import { qpdfCheck } from '../helpers/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'paiban-qpdf-'));

/** A one-page PDF from paiban's writer, with a compressed content stream and a plain one. */
function sound(): Buffer {
  const pdf = new PdfWriter('1.3');
  const pages = pdf.reserve();
  const contents = pdf.compressedStream({}, '0 0 0 1 k 10 10 100 100 re f\n');
  const note = pdf.stream({}, Buffer.from('a stream of twenty-nine bytes'));
  const page = pdf.object({ Type: 'Page', Parent: pages, MediaBox: [0, 0, 200, 200], Resources: {}, Contents: contents, PieceInfo: { Note: note } });
  pdf.object({ Type: 'Pages', Kids: [page], Count: 1 }, pages);
  return Buffer.from(pdf.end(pdf.object({ Type: 'Catalog', Pages: pages }), pdf.object({ Producer: new PdfText('paiban tests') })));
}

const write = (name: string, data: Buffer | string) => {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
};

describe('qpdfCheck', () => {
  const good = sound();
  const text = good.toString('latin1');

  it('passes a sound file, again and again', () => {
    const file = write('sound.pdf', good);
    for (let i = 0; i < 3; i++) qpdfCheck(file);
  });

  const broken: [string, (pdf: string) => string, RegExp][] = [
    ['an object offset in the cross-reference table off by 3', (s) => s.replace(/(\nxref\n0 \d+\n0000000000 65535 f \n)(\d{10})/, (_, head, off) => `${head}${String(Number(off) + 3).padStart(10, '0')}`), /expected n n obj|reconstruct/],
    ['a stream length 5 bytes short', (s) => s.replace('/Length 29', '/Length 24'), /expected endstream|stream length/],
    // (of the same length as what it replaces, so that every offset stays right)
    ['a stray ] in a dictionary', (s) => s.replace('/Type /Page ', '/Type ]Page '), /unexpected array close|unknown token/],
    ['the end cut off', (s) => s.slice(0, s.lastIndexOf('startxref')), /startxref/],
  ];
  it.each(broken)('fails a file with %s, saying what qpdf said', (name, breakIt, said) => {
    const bad = breakIt(text);
    expect(bad).not.toBe(text);
    const file = write(`${name.replace(/\W+/g, '-')}.pdf`, Buffer.from(bad, 'latin1'));
    expect(() => qpdfCheck(file)).toThrow(said);
    // The message names the file, not the copy qpdf read.
    expect(() => qpdfCheck(file)).toThrow(file);
    // And the checker still works after a file it refused.
    qpdfCheck(write('sound-again.pdf', good));
  });
});

/** Test files that take a builder writing PDFs from src/ itself rather than from tests/helpers/build.ts, which checks what it writes. */
function uncheckedBuilders(): string[] {
  const tests = join(import.meta.dirname, '..');
  const files = readdirSync(tests, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && relative('helpers/build.ts', f) !== '');
  const unchecked = /import\s*\{[^}]*\b(buildIssue|exportIssue)\b[^}]*\}\s*from\s*'[./]*\/src\/(build|archive\/export-issue)\.js'/;
  return files.filter((f) => unchecked.test(readFileSync(join(tests, f), 'utf8')));
}

describe('the PDFs the tests write', () => {
  it('are all built through the builders that check them', () => {
    expect(uncheckedBuilders()).toEqual([]);
  });
});
