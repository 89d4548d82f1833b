/** `paiban preview` from the command line: PNGs per page, a contact sheet, PDFs as input. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

const run = runCli;

/** SMALL_ISSUE with its page given twice, as pages 1 and 2. */
const TWO_PAGES = SMALL_ISSUE.replace(/(  - number: 1[\s\S]*)$/, (page) => `${page}${page.replace('number: 1', 'number: 2').replace('id: story', 'id: story2')}`);

const size = (file: string) => {
  const png = PNG.sync.read(readFileSync(file));
  return [png.width, png.height];
};

describe('paiban preview', () => {
  it('renders each page of an issue at the asked resolution, and a contact sheet', async () => {
    const dir = issueDir({ 'issue.yaml': TWO_PAGES });
    const out = join(dir, 'out');
    const r = await run(['preview', join(dir, 'issue.yaml'), '-o', out, '--dpi', '20']);
    expect(r.code, r.stderr).toBe(0);
    const name = dir.split('/').pop();
    expect(readdirSync(out).sort()).toEqual([`${name}-p1.png`, `${name}-p2.png`, `${name}-sheet.png`, `${name}.pdf`]);
    // The tabloid trim is 270 × 390 mm, plus bleed.
    const [w, h] = size(join(out, `${name}-p1.png`));
    expect(w).toBeGreaterThan((270 / 25.4) * 20);
    expect(w).toBeLessThan((290 / 25.4) * 20);
    expect(h / w).toBeCloseTo(390 / 270, 1);
    expect(r.stdout).toMatch(/wrote .*-sheet\.png/);
  }, 60_000);

  it('renders a PDF, and refuses --proof for one', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const out = join(dir, 'out');
    expect((await run(['build', join(dir, 'issue.yaml'), '-o', out])).code).toBe(0);
    const pdf = join(out, readdirSync(out)[0]);
    const r = await run(['preview', pdf, '--dpi', '20']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(1);
    const proof = await run(['preview', pdf, '--proof']);
    expect(proof.code).toBe(1);
    expect(proof.stderr).toMatch(/--proof needs the issue file/);
  }, 60_000);

  it('checks its numeric options', async () => {
    const r = await run(['preview', 'x.yaml', '--dpi', 'many']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dpi needs a whole number/);
  });
});
