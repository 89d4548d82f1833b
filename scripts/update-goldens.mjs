// npm run update-goldens [-- --yes]: renders the visual tests' goldens into a temporary folder
// (the test's own rendering path, UPDATE_GOLDENS=<folder>), compares them with the committed ones
// in tests/preview/goldens/, lists each that changed with its count of differing pixels and a
// golden | new | diff image to look at, and asks before writing them. --yes writes without
// asking; without a terminal and without --yes nothing is written.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const GOLDENS = join(root, 'tests/preview/goldens');
/** As tests/preview/golden.ts counts a pixel changed, and the share of changed pixels its tests let pass. */
const PIXEL_THRESHOLD = 0.1;
const MAX_CHANGED = 0.0002;
/** White between the three panels of a comparison image. */
const GAP = 8;

const args = process.argv.slice(2);
const yes = args.includes('--yes') || args.includes('-y');
const unknown = args.filter((a) => !['--yes', '-y'].includes(a));
if (unknown.length) {
  console.error(`update-goldens: unknown option ${unknown.join(' ')} (usage: npm run update-goldens [-- --yes])`);
  process.exit(2);
}

const rendered = mkdtempSync(join(tmpdir(), 'paiban-goldens-'));
console.log(`rendering the goldens into ${rendered} …`);
const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/preview/visual.test.ts'], {
  cwd: root,
  env: { ...process.env, UPDATE_GOLDENS: rendered },
  encoding: 'utf8',
});
if (run.status !== 0) {
  process.stderr.write(`${run.stdout}${run.stderr}\nupdate-goldens: rendering failed (vitest exit ${run.status ?? run.signal}); nothing written\n`);
  process.exit(1);
}

/** Golden, new image and the changed pixels in red, side by side, on white. */
function comparison(golden, actual, diff) {
  const panels = [golden, actual, diff].filter(Boolean);
  const out = new PNG({ width: panels.reduce((w, p) => w + p.width, 0) + GAP * (panels.length - 1), height: Math.max(...panels.map((p) => p.height)) });
  out.data.fill(255);
  let x = 0;
  for (const p of panels) {
    PNG.bitblt(p, out, 0, 0, p.width, p.height, x, 0);
    x += p.width + GAP;
  }
  return out;
}

const changed = [];
for (const file of readdirSync(rendered).filter((f) => f.endsWith('.png')).sort()) {
  const name = file.replace(/\.png$/, '');
  const actual = PNG.sync.read(readFileSync(join(rendered, file)));
  const goldenFile = join(GOLDENS, file);
  const compareFile = join(rendered, `${name}.compare.png`);
  if (!existsSync(goldenFile)) {
    writeFileSync(compareFile, PNG.sync.write(comparison(null, actual, null)));
    changed.push({ file, says: `new, ${actual.width}×${actual.height} px`, compareFile });
    continue;
  }
  const golden = PNG.sync.read(readFileSync(goldenFile));
  if (golden.width !== actual.width || golden.height !== actual.height) {
    writeFileSync(compareFile, PNG.sync.write(comparison(golden, actual, null)));
    changed.push({ file, says: `${golden.width}×${golden.height} px → ${actual.width}×${actual.height} px`, compareFile });
    continue;
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const pixels = pixelmatch(golden.data, actual.data, diff.data, actual.width, actual.height, { threshold: PIXEL_THRESHOLD });
  if (!pixels) continue;
  writeFileSync(compareFile, PNG.sync.write(comparison(golden, actual, diff)));
  const share = pixels / (actual.width * actual.height);
  // Within the tolerance the tests would still pass on the old golden: most likely anti-aliasing, or the palette's choice of colours.
  const tolerance = `${share <= MAX_CHANGED ? 'within' : 'beyond'} the tests' tolerance of ${100 * MAX_CHANGED} %`;
  changed.push({ file, says: `${pixels} pixels differ (${(100 * share).toFixed(3)} %, ${tolerance})`, compareFile });
}
// A golden no test renders any more is not removed here: say so, and leave it to the one who removed the test.
const stale = readdirSync(GOLDENS).filter((f) => f.endsWith('.png') && !existsSync(join(rendered, f)));
for (const f of stale) console.log(`${f}: no test renders it any more (left as it is)`);

if (!changed.length) {
  console.log('every golden is unchanged; nothing to write');
  process.exit(0);
}
console.log(`${changed.length} golden${changed.length > 1 ? 's' : ''} changed (golden | new | diff):`);
for (const c of changed) console.log(`  ${c.file}  ${c.says}\n    ${c.compareFile}`);

let write = yes;
if (!yes) {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    console.log(`not a terminal, and no --yes: nothing written (npm run update-goldens -- --yes writes them)`);
    process.exit(1);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await rl.question(`write ${changed.length} changed golden${changed.length > 1 ? 's' : ''}? [y/N] `);
  rl.close();
  write = /^y(es)?$/i.test(answer.trim());
}
if (!write) {
  console.log('nothing written');
  process.exit(1);
}
for (const c of changed) copyFileSync(join(rendered, c.file), join(GOLDENS, c.file));
console.log(`wrote ${changed.map((c) => c.file).join(', ')} to tests/preview/goldens/; commit them`);
