/**
 * Visual regression: the sample issue rendered from its PDF, plain and as a proof, and a
 * proof of the same page with copy cut and added so that it shows empty lines and overset
 * text, each compared with its golden PNG (see golden.ts; `npm run update-goldens`).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../helpers/build.js';
import { renderIssue } from '../../src/preview/preview.js';
import { compareWithGolden } from './golden.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));
/** Low enough to keep the goldens small, high enough to see lines of text and the marks. */
const DPI = 36;

async function render(issueDir: string, proof: boolean): Promise<Buffer> {
  const build = await buildIssue(join(issueDir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-visual-')) });
  const [page] = await renderIssue(build, { dpi: DPI, proof });
  return page.image;
}

/** The sample with half of the column's copy cut and the archive story set twice. */
function misfitSample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-misfit-'));
  cpSync(sample, dir, { recursive: true });
  const column = readFileSync(join(dir, 'zuzhi-bitan.md'), 'utf8').split('\n');
  writeFileSync(join(dir, 'zuzhi-bitan.md'), column.slice(0, column.length / 2).join('\n'));
  const archive = readFileSync(join(dir, 'hongyan-zhendang.md'), 'utf8');
  writeFileSync(join(dir, 'hongyan-zhendang.md'), `${archive}\n${archive}`);
  return dir;
}

describe('previews match their goldens', () => {
  it('the sample page', async () => {
    expect(await compareWithGolden('hongyan-weekly-p6', await render(sample, false))).toBeUndefined();
  }, 60_000);

  it('the sample page as a proof', async () => {
    expect(await compareWithGolden('hongyan-weekly-p6-proof', await render(sample, true))).toBeUndefined();
  }, 60_000);

  it('a proof with empty lines and overset text', async () => {
    expect(await compareWithGolden('misfit-p6-proof', await render(misfitSample(), true))).toBeUndefined();
  }, 60_000);
});
