/**
 * Golden images: a rendered page is compared with the PNG kept in tests/preview/goldens/,
 * pixel by pixel with a small tolerance for anti-aliasing. On a mismatch the actual image
 * and a diff (changed pixels in red) are written to out/visual-diff/. With UPDATE_GOLDENS set
 * to a folder, the actual image is written there as a golden would be, and not compared:
 * `npm run update-goldens` (scripts/update-goldens.mjs) renders the goldens so, shows what
 * changed and asks before writing them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import sharp from 'sharp';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const GOLDENS_DIR = join(root, 'tests/preview/goldens');
const DIFF_DIR = join(root, 'out/visual-diff');

/** Colour distance (0–1) under which two pixels count as the same (scripts/update-goldens.mjs counts with it too), and the share of pixels that may differ. */
const PIXEL_THRESHOLD = 0.1;
const MAX_CHANGED = 0.0002;

const HOW_TO_UPDATE = 'if the change is intended (e.g. the page layout changed), run `npm run update-goldens` and commit tests/preview/goldens/';

/** Returns a problem, or undefined when `actual` matches the golden `name`. */
export async function compareWithGolden(name: string, actual: Buffer): Promise<string | undefined> {
  const goldenFile = join(GOLDENS_DIR, `${name}.png`);
  const renderTo = process.env.UPDATE_GOLDENS;
  if (renderTo) {
    // A folder, never the goldens themselves: update-goldens compares and asks before it copies.
    if (!isAbsolute(renderTo)) throw new Error(`UPDATE_GOLDENS must name a folder by its absolute path (npm run update-goldens sets it), not ${JSON.stringify(renderTo)}`);
    mkdirSync(renderTo, { recursive: true });
    // Stored with a 256-colour palette: a third of the size, and well within the tolerance.
    writeFileSync(join(renderTo, `${name}.png`), await sharp(actual).png({ palette: true, colors: 256, effort: 10 }).toBuffer());
    return undefined;
  }
  if (!existsSync(goldenFile)) return `no golden image ${goldenFile}; ${HOW_TO_UPDATE}`;
  const want = PNG.sync.read(readFileSync(goldenFile));
  const got = PNG.sync.read(actual);
  const keepActual = () => {
    mkdirSync(DIFF_DIR, { recursive: true });
    writeFileSync(join(DIFF_DIR, `${name}.actual.png`), actual);
  };
  if (want.width !== got.width || want.height !== got.height) {
    keepActual();
    return `${name}: ${got.width}×${got.height} px, golden ${want.width}×${want.height} px (actual in ${DIFF_DIR}); ${HOW_TO_UPDATE}`;
  }
  const diff = new PNG({ width: got.width, height: got.height });
  const changed = pixelmatch(want.data, got.data, diff.data, got.width, got.height, { threshold: PIXEL_THRESHOLD });
  if (changed <= MAX_CHANGED * got.width * got.height) return undefined;
  keepActual();
  const diffFile = join(DIFF_DIR, `${name}.diff.png`);
  writeFileSync(diffFile, PNG.sync.write(diff));
  return `${name}: ${changed} pixels (${((100 * changed) / (got.width * got.height)).toFixed(2)} %) differ from the golden; see ${diffFile}; ${HOW_TO_UPDATE}`;
}
