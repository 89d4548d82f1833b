import { fileURLToPath } from 'node:url';
import { BuildContext } from '../../src/context.js';
import { openFace, type Face } from '../../src/fonts/font-set.js';

const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));

/** The build context of a test file's fonts, when the test makes none of its own. */
export const testContext = new BuildContext();

export const song = (context = testContext): Face => openFace(context, 'song', `${fontsDir}NotoSerifCJKsc-Regular.otf`);
export const hei = (context = testContext): Face => openFace(context, 'hei', `${fontsDir}NotoSansCJKsc-Medium.otf`);
export const kai = (context = testContext): Face => openFace(context, 'kai', `${fontsDir}LXGWWenKai-Regular.ttf`);
