import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import createQpdf from '@neslinesli93/qpdf-wasm';

/** A page box as written in the page dictionary (page dictionaries are not compressed). */
export function pageBox(file: string, box: 'TrimBox' | 'BleedBox' | 'MediaBox'): number[] | undefined {
  const m = new RegExp(`/${box} \\[([^\\]]+)\\]`).exec(readFileSync(file, 'latin1'));
  return m?.[1].trim().split(/\s+/).map(Number);
}

export const strip = (s: string) => s.replace(/\s+/g, '');

/** The part of qpdf's Emscripten module that the check uses. */
interface Qpdf {
  callMain(args: string[]): number;
  FS: {
    init(stdin: null, stdout: (c: number | null) => void, stderr: (c: number | null) => void): void;
    writeFile(path: string, data: Uint8Array): void;
    readFile(path: string): Uint8Array;
    unlink(path: string): void;
  };
}

// qpdf itself (12.x), compiled to WebAssembly (the npm package @neslinesli93/qpdf-wasm): no qpdf
// binary needed. One instance per test file, made as the file loads, so that the check stays
// synchronous; its output (stdout and stderr, one byte at a time) is caught for the message.
let output: number[] = [];
const keep = (c: number | null) => void (c !== null && output.push(c));
const qpdf = (await (createQpdf as unknown as (m: object) => Promise<Qpdf>)({
  noInitialRun: true,
  preRun: [(m: Qpdf) => m.FS.init(null, keep, keep)],
})) as Qpdf;

/**
 * Fails unless qpdf --check finds the file's structure sound: cross-reference table, object
 * syntax, stream lengths, page tree. Warnings (exit 3) fail too, since a plant's RIP may stop
 * where qpdf only warns. The file is copied into the module's memory file system to be read.
 */
export function qpdfCheck(file: string): void {
  output = [];
  let status: number | string;
  qpdf.FS.writeFile('/check.pdf', readFileSync(file));
  try {
    status = qpdf.callMain(['--check', '/check.pdf']);
  } catch (e) {
    status = `a crash (${(e as Error).message ?? String(e)})`;
  } finally {
    qpdf.FS.unlink('/check.pdf');
  }
  if (status !== 0) {
    const said = Buffer.from(output).toString('utf8').replaceAll('/check.pdf', file).replace(/^this\.program:/gm, 'qpdf:').trim();
    throw new Error(`qpdf --check ${file} found problems (exit ${status}):\n${said}`);
  }
}

/** The file as qpdf --qdf writes it, streams uncompressed and no object streams, to read its content as text. */
export function qdf(file: string): string {
  output = [];
  qpdf.FS.writeFile('/in.pdf', readFileSync(file));
  try {
    const status = qpdf.callMain(['--qdf', '--object-streams=disable', '/in.pdf', '/out.pdf']);
    if (status !== 0 && status !== 3) throw new Error(`qpdf --qdf ${file} failed (exit ${status}):\n${Buffer.from(output).toString('utf8').trim()}`);
    const text = Buffer.from(qpdf.FS.readFile('/out.pdf')).toString('latin1');
    qpdf.FS.unlink('/out.pdf');
    return text;
  } finally {
    qpdf.FS.unlink('/in.pdf');
  }
}

/** qpdf --check on every PDF in a folder and its subfolders; returns how many were checked. */
export function qpdfCheckAll(dir: string): number {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
  for (const f of files) qpdfCheck(join(dir, f));
  return files.length;
}
