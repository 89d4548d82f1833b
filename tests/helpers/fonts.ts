import { fileURLToPath } from 'node:url';
import { openFace, type Face } from '../../src/fonts/font-set.js';

const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));

export const song = (): Face => openFace('song', `${fontsDir}NotoSerifCJKsc-Regular.otf`);
export const hei = (): Face => openFace('hei', `${fontsDir}NotoSansCJKsc-Medium.otf`);
export const kai = (): Face => openFace('kai', `${fontsDir}LXGWWenKai-Regular.ttf`);
