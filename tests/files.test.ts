/** Files as paiban leaves them: the temporaries of a run killed while writing go, anything else stays. */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileAtomically } from '../src/files.js';
import { issueDir } from './helpers/issue-dir.js';

describe('temporaries left by a killed run', () => {
  it('are removed when their process is gone; a live one\'s, and files not of a kind paiban writes, stay', () => {
    // A process id no process has (above the kernel's pid_max).
    const dead = 4_194_999;
    const names = [`page.pdf.${dead}.k3x9.tmp`, `report.md.${dead}.ab12.tmp`, `page.pdf.${process.pid}.zz.tmp`, `notes.txt.${dead}.zz.tmp`, `page.pdf`];
    const dir = issueDir(Object.fromEntries(names.map((n) => [n, 'x'])));
    removeStaleTemporaries(dir);
    expect(names.filter((n) => existsSync(join(dir, n)))).toEqual([`page.pdf.${process.pid}.zz.tmp`, `notes.txt.${dead}.zz.tmp`, 'page.pdf']);
  });
});

describe('a file written over', () => {
  it('keeps its mode', () => {
    const file = join(issueDir({ 'issue.yaml': 'a' }), 'issue.yaml');
    chmodSync(file, 0o640);
    writeFileAtomically(file, 'b');
    expect(readFileSync(file, 'utf8')).toBe('b');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('through a symbolic link is the file linked to, written in its own folder; the link stays', () => {
    const dir = issueDir({});
    for (const sub of ['real', 'desk']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'real/issue.yaml'), 'a');
    writeFileSync(join(dir, 'desk/keep.txt'), '');
    const [link, target] = [join(dir, 'desk/issue.yaml'), join(dir, 'real/issue.yaml')];
    symlinkSync('../real/issue.yaml', link);
    writeFileAtomically(link, 'b');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('b');
    expect(readdirSync(join(dir, 'desk')).sort()).toEqual(['issue.yaml', 'keep.txt']);
    // A link to a file not there yet makes it.
    symlinkSync('../real/new.yaml', join(dir, 'desk/new.yaml'));
    writeFileAtomically(join(dir, 'desk/new.yaml'), 'c');
    expect(readFileSync(join(dir, 'real/new.yaml'), 'utf8')).toBe('c');
  });
});
