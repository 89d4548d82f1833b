/**
 * The CID of each glyph of a CFF font program. A PDF shows a glyph of a CID-keyed CFF font
 * (CIDFontType0) by its CID, which the program's charset gives; a name-keyed one by its index.
 */

/** The CID of each glyph (glyph 0 is CID 0); the glyph ids themselves for a name-keyed font. */
export function charsetCids(cff: Buffer): number[] {
  const { top, glyphs } = topDict(cff);
  const charset = top.get(15)?.[0] ?? 0;
  // Charsets 0–2 are the predefined ones of name-keyed fonts; ROS (12 30) marks a CID-keyed font.
  if (!top.has(1230) || charset <= 2) return Array.from({ length: glyphs }, (_, g) => g);
  return readCharset(cff, charset, glyphs).cids;
}

/**
 * The CID-keyed CFF program `cff` with its glyphs given the CIDs `cids` (glyph 0 keeps CID 0), or
 * null when it is not CID-keyed or its Top DICT does not give the charset's offset as a 5-byte
 * integer (paiban's cutter and hb-subset always do), so that it can be changed in place. The new charset (format 0)
 * replaces the old one where it fits, else goes at the end of the program.
 */
export function withCids(cff: Buffer, cids: readonly number[]): Buffer | null {
  const { top, glyphs, start, end } = topDict(cff);
  const charset = top.get(15)?.[0] ?? 0;
  const operand = dictOperandAt(cff, start, end, 15);
  if (!top.has(1230) || charset <= 2 || operand === undefined || cff[operand] !== 29) return null;
  if (cids.length !== glyphs || cids[0] !== 0) throw new Error(`CFF program has ${glyphs} glyphs, ${cids.length} CIDs given`);
  const size = 1 + 2 * (glyphs - 1);
  const fits = readCharset(cff, charset, glyphs).end - charset >= size;
  const at = fits ? charset : cff.length;
  const out = Buffer.alloc(fits ? cff.length : cff.length + size);
  cff.copy(out);
  out.writeInt32BE(at, operand + 1);
  out.writeUInt8(0, at);
  for (let g = 1; g < glyphs; g++) out.writeUInt16BE(cids[g], at + 1 + 2 * (g - 1));
  return out;
}

/** The first Top DICT of a CFF program, where it lies, and the number of glyphs. */
function topDict(cff: Buffer): { top: Map<number, number[]>; glyphs: number; start: number; end: number } {
  const headerSize = cff.readUInt8(2);
  const names = readIndex(cff, headerSize);
  const topDicts = readIndex(cff, names.end);
  if (!topDicts.items.length) throw new Error('CFF program has no Top DICT');
  const [start, end] = topDicts.items[0];
  const top = readDict(cff, start, end);
  const charStrings = top.get(17)?.[0];
  if (charStrings === undefined) throw new Error('CFF program has no CharStrings');
  return { top, glyphs: readIndex(cff, charStrings).items.length, start, end };
}

/** The CIDs of a CID-keyed font's charset at `charset` and where the charset ends. */
export function readCharset(cff: Buffer, charset: number, glyphs: number): { cids: number[]; end: number } {
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
  return { cids, end: at };
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
  scanDict(cff, start, end, (op, operands) => dict.set(op, operands));
  return dict;
}

/** One entry of a DICT: its operator, operands, and the bytes it takes from its first operand to past its operator. */
export interface DictEntry {
  op: number;
  operands: number[];
  start: number;
  end: number;
}

/** A DICT's entries in order. */
export function dictEntries(cff: Buffer, start: number, end: number): DictEntry[] {
  const entries: DictEntry[] = [];
  scanDict(cff, start, end, (op, operands, at, after) => entries.push({ op, operands, start: at, end: after }));
  return entries;
}

/** Where the first operand of `operator` starts in the DICT from `start` to `end`. */
function dictOperandAt(cff: Buffer, start: number, end: number, operator: number): number | undefined {
  let found: number | undefined;
  scanDict(cff, start, end, (op, _, at) => {
    if (op === operator) found ??= at;
  });
  return found;
}

/** Calls `onOperator` with each operator of a DICT, its operands, where they start and where the operator ends. */
function scanDict(cff: Buffer, start: number, end: number, onOperator: (op: number, operands: number[], operandsAt: number, end: number) => void): void {
  let operands: number[] = [];
  let operandsAt = start;
  for (let at = start; at < end; ) {
    const b0 = cff[at];
    if (b0 <= 21) {
      const op = b0 === 12 ? 1200 + cff[at + 1] : b0;
      at += b0 === 12 ? 2 : 1;
      onOperator(op, operands, operandsAt, at);
      operands = [];
      operandsAt = at;
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
}
