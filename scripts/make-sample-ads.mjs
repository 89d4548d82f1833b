// Makes the advertisements of the sample edition's page 1 with paiban itself, from the issues in
// scripts/sample-ads/: jiadian.pdf, a vector PDF/X-1a ad (CMYK, fonts embedded and subset, text
// extractable), and chaguan.jpg, the other ad rendered at 300 dpi and converted to a CMYK JPEG
// through the bundled newsprint profile. Run after `npm run build`: node scripts/make-sample-ads.mjs
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'issues/evening-edition/ads');
const work = mkdtempSync(join(tmpdir(), 'paiban-ads-'));
const paiban = (...args) => {
  const run = spawnSync(process.execPath, [join(root, 'bin/paiban.js'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`paiban ${args.join(' ')}: ${run.stderr}`);
};
try {
  for (const ad of ['jiadian', 'chaguan']) paiban('build', join(root, 'scripts/sample-ads', ad, 'issue.yaml'), '-o', work);
  copyFileSync(join(work, 'jiadian-01.pdf'), join(out, 'jiadian.pdf'));
  paiban('preview', join(work, 'chaguan-01.pdf'), '-o', work, '--dpi', '300');
  const png = readdirSync(work).find((f) => f.startsWith('chaguan') && f.endsWith('.png'));
  // Through the newsprint profile the renderer's black would take 250 % of ink, above the
  // 240 % limit: the darkest tones are lifted to about 20 % grey first, which the profile separates
  // at 235 % at most.
  await sharp(join(work, png))
    .removeAlpha()
    .linear(0.8, 0.2 * 255)
    .withIccProfile(join(root, 'color/SNAP-TR002-newsprint.icc'), { attach: false })
    .toColourspace('cmyk')
    .jpeg({ quality: 92, chromaSubsampling: '4:4:4' })
    .toFile(join(out, 'chaguan.jpg'));
  console.log(`wrote ${join(out, 'jiadian.pdf')} and ${join(out, 'chaguan.jpg')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
