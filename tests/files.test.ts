/** Files as paiban leaves them: the temporaries of a run killed while writing go, anything else stays. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries } from '../src/files.js';
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
