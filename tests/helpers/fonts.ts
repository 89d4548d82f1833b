import { fileURLToPath } from 'node:url';
import { BuildContext } from '../../src/context.js';
import { readDict, readIndex } from '../../src/fonts/cff-charset.js';
import { openFace, type Face } from '../../src/fonts/font-set.js';
import { sfntFile } from '../../src/fonts/sfnt-write.js';

const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));

/** The build context of a test file's fonts, when the test makes none of its own. */
export const testContext = new BuildContext();

export const song = (context = testContext): Face => openFace(context, 'song', `${fontsDir}NotoSerifCJKsc-Regular.otf`);
export const hei = (context = testContext): Face => openFace(context, 'hei', `${fontsDir}NotoSansCJKsc-Medium.otf`);
export const kai = (context = testContext): Face => openFace(context, 'kai', `${fontsDir}LXGWWenKai-Regular.ttf`);

/**
 * An OpenType font around the CFF program `cff` cut from `face`, for fontkit to read its glyphs:
 * the face's head and hhea, and a maxp and hmtx for the program's glyphs (widths left 0).
 */
export function openTypeOf(cff: Buffer, face: Face): Buffer {
  const charStrings = readDict(cff, ...readIndex(cff, readIndex(cff, cff[2]).end).items[0]).get(17)![0];
  const glyphs = readIndex(cff, charStrings).items.length;
  // fontkit reads a maxp of version 0.5 as if it were of version 1.0 (32 bytes).
  const maxp = Buffer.alloc(32);
  maxp.writeUInt32BE(0x00005000, 0);
  maxp.writeUInt16BE(glyphs, 4);
  const hhea = Buffer.from(face.font.sfnt.required('hhea'));
  hhea.writeUInt16BE(glyphs, 34);
  return sfntFile(0x4f54544f, new Map([['CFF ', cff], ['head', face.font.sfnt.required('head')], ['hhea', hhea], ['maxp', maxp], ['hmtx', Buffer.alloc(4 * glyphs)]]));
}
