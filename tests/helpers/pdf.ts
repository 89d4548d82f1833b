import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A page box as written in the page dictionary (page dictionaries are not compressed). */
export function pageBox(file: string, box: 'TrimBox' | 'BleedBox' | 'MediaBox'): number[] | undefined {
  const m = new RegExp(`/${box} \\[([^\\]]+)\\]`).exec(readFileSync(file, 'latin1'));
  return m?.[1].trim().split(/\s+/).map(Number);
}

export const strip = (s: string) => s.replace(/\s+/g, '');

/**
 * Fails unless qpdf finds the file's structure sound: cross-reference table, object syntax,
 * stream lengths, page tree. Warnings fail too, since a plant's RIP may stop where qpdf only
 * warns. A missing qpdf fails the test that asks: a check that is skipped proves nothing.
 */
export function qpdfCheck(file: string): void {
  try {
    execFileSync('qpdf', ['--check', file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { status?: number; stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') throw new Error('qpdf is not installed: the tests check every PDF they write with it (Debian: apt-get install -y qpdf)');
    throw new Error(`qpdf --check ${file} found problems (exit ${err.status}):\n${[err.stderr, err.stdout].filter(Boolean).join('\n').trim()}`);
  }
}

/** qpdf --check on every PDF in a folder and its subfolders; returns how many were checked. */
export function qpdfCheckAll(dir: string): number {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
  for (const f of files) qpdfCheck(join(dir, f));
  return files.length;
}
