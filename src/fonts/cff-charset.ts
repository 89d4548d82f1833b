/**
 * The CID of each glyph of a CFF font program. A PDF shows a glyph of a CID-keyed CFF font
 * (CIDFontType0) by its CID, which the program's charset gives; a name-keyed one by its index.
 */

/** The CID of each glyph (glyph 0 is CID 0); the glyph ids themselves for a name-keyed font. */
export function charsetCids(cff: Buffer): number[] {
  const headerSize = cff.readUInt8(2);
  const names = readIndex(cff, headerSize);
  const topDicts = readIndex(cff, names.end);
  if (!topDicts.items.length) throw new Error('CFF program has no Top DICT');
  const [start, end] = topDicts.items[0];
  const top = readDict(cff, start, end);
  const charStrings = top.get(17)?.[0];
  if (charStrings === undefined) throw new Error('CFF program has no CharStrings');
  const glyphs = readIndex(cff, charStrings).items.length;
  const identity = () => Array.from({ length: glyphs }, (_, g) => g);
  const charset = top.get(15)?.[0] ?? 0;
  // Charsets 0–2 are the predefined ones of name-keyed fonts; ROS (12 30) marks a CID-keyed font.
  if (!top.has(1230) || charset <= 2) return identity();
  const cids = [0];
  const format = cff.readUInt8(charset);
  let at = charset + 1;
  if (format === 0) {
    for (; cids.length < glyphs; at += 2) cids.push(cff.readUInt16BE(at));
  } else if (format === 1 || format === 2) {
    while (cids.length < glyphs) {
      const first = cff.readUInt16BE(at);
      const left = format === 1 ? cff.readUInt8(at + 2) : cff.readUInt16BE(at + 2);
      at += format === 1 ? 3 : 4;
      for (let k = 0; k <= left && cids.length < glyphs; k++) cids.push(first + k);
    }
  } else throw new Error(`CFF charset format ${format} is unknown`);
  return cids;
}

/** A CFF INDEX at `at`: the start and end of each item, and where the INDEX ends. */
export function readIndex(cff: Buffer, at: number): { items: [number, number][]; end: number } {
  const count = cff.readUInt16BE(at);
  if (count === 0) return { items: [], end: at + 2 };
  const offSize = cff.readUInt8(at + 2);
  const offset = (i: number) => cff.readUIntBE(at + 3 + i * offSize, offSize);
  const base = at + 2 + (count + 1) * offSize;
  const items: [number, number][] = [];
  for (let i = 0; i < count; i++) items.push([base + offset(i), base + offset(i + 1)]);
  return { items, end: base + offset(count) };
}

/** A DICT's operands by operator; two-byte operators 12 x are keyed 1200 + x. */
export function readDict(cff: Buffer, start: number, end: number): Map<number, number[]> {
  const dict = new Map<number, number[]>();
  let operands: number[] = [];
  for (let at = start; at < end; ) {
    const b0 = cff[at];
    if (b0 <= 21) {
      const op = b0 === 12 ? 1200 + cff[at + 1] : b0;
      at += b0 === 12 ? 2 : 1;
      dict.set(op, operands);
      operands = [];
    } else if (b0 === 28) {
      operands.push(cff.readInt16BE(at + 1));
      at += 3;
    } else if (b0 === 29) {
      operands.push(cff.readInt32BE(at + 1));
      at += 5;
    } else if (b0 === 30) {
      // A real number, as nibbles ending in 0xf; its value is never needed here.
      at++;
      while (at < end && (cff[at] & 0x0f) !== 0x0f && (cff[at] & 0xf0) !== 0xf0) at++;
      at++;
      operands.push(0);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      at += 1;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + cff[at + 1] + 108);
      at += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - cff[at + 1] - 108);
      at += 2;
    } else {
      at++;
    }
  }
  return dict;
}
