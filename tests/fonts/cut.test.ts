import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { readDict, readIndex } from '../../src/fonts/cff-charset.js';
import { CffError, CffTable } from '../../src/fonts/cff-cut.js';
import { openFace, type Face } from '../../src/fonts/font-set.js';
import { Subsetter, subsetFace } from '../../src/fonts/subset.js';
import { openTypeOf } from '../helpers/fonts.js';

const fontsDir = fileURLToPath(new URL('../../fonts/', import.meta.url));
const files = readdirSync(fontsDir).filter((f) => /\.(otf|ttf)$/.test(f));

/** Glyphs from all over a face of `count` glyphs (so from every font dict of a CJK face), with the first and the last. */
const spread = (count: number) => [...new Set([1, count - 1, ...Array.from({ length: 300 }, (_, i) => Math.floor(((i * 7919) % 10007) * (count / 10007)))])];

/** Each glyph's outline as fontkit draws it from the font file `font`. */
const outlines = (font: Buffer, glyphs: number) => {
  const f = fontkit.create(font) as fontkit.Font;
  return Array.from({ length: glyphs }, (_, g) => f.getGlyph(g).path.toSVG());
};

/** A subset's font program as a font file fontkit reads. */
const fontFile = (program: Buffer, face: Face, kind: string) => (kind === 'cff' ? openTypeOf(program, face) : program);

describe("paiban's own cutters", () => {
  it.each(files)('cut %s with each glyph drawn as in the whole font, numbered as HarfBuzz numbers it', (file) => {
    const face = openFace(new BuildContext(), 'body', join(fontsDir, file));
    const glyphs = spread(face.font.numGlyphs);
    const own = subsetFace({ subsetter: new Subsetter() }, face, glyphs)!;
    const harfBuzz = subsetFace({ subsetter: new Subsetter({ harfBuzzOnly: true }) }, face, glyphs)!;
    expect([...own.glyphMap]).toEqual([...harfBuzz.glyphMap]);
    expect(own.codes).toEqual(harfBuzz.codes);
    expect(own.kind).toBe(harfBuzz.kind);
    const whole = fontkit.create(readFileSync(face.file)) as fontkit.Font;
    const cut = outlines(fontFile(own.program, face, own.kind), own.glyphMap.size);
    for (const [g, i] of own.glyphMap) expect(cut[i], `glyph ${g}`).toBe(whole.getGlyph(g).path.toSVG());
  });

  it.each(files.filter((f) => f.endsWith('.otf')))('cut %s from the bytes read only, whatever lies in the others', (file) => {
    const face = openFace(new BuildContext(), 'body', join(fontsDir, file));
    const record = face.font.sfnt.tables.get('CFF ')!;
    const table = readFileSync(face.file).subarray(record.offset, record.offset + record.length);
    const glyphs = spread(face.font.numGlyphs);
    const more = [...glyphs, ...glyphs.map((g) => Math.max(1, g - 1))];
    const cutWith = (allocate: (size: number) => Buffer) => {
      const store = { subsetter: new Subsetter({ allocate }) };
      // A rebuild that cuts more glyphs reads theirs then.
      return [subsetFace(store, face, glyphs)!.program, subsetFace(store, face, more)!.program];
    };
    const [random, randomMore] = cutWith((size) => randomBytes(size));
    const [read, readMore] = cutWith(() => Buffer.from(table));
    expect(random.equals(read)).toBe(true);
    expect(randomMore.equals(readMore)).toBe(true);
  });

  it('hands a face to HarfBuzz when its charstrings are ones the own cutter does not inline', () => {
    const face = openFace(new BuildContext(), 'body', join(fontsDir, 'NotoSansCJKsc-Medium.otf'));
    const glyphs = [100, 2000, 20000];
    const cut = vi.spyOn(CffTable.prototype, 'cut').mockImplementation(() => {
      throw new CffError('an accented glyph built by seac');
    });
    try {
      const subset = subsetFace({ subsetter: new Subsetter() }, face, glyphs)!;
      expect(cut).toHaveBeenCalled();
      const harfBuzz = subsetFace({ subsetter: new Subsetter({ harfBuzzOnly: true }) }, face, glyphs)!;
      expect(subset.program.equals(harfBuzz.program)).toBe(true);
    } finally {
      cut.mockRestore();
    }
  });
});

// ---- A CFF table written by hand, to test each rule of inlining on exact bytes ----

/** A charstring operand (Type 2: one byte from -107 to 107, else 28 and two bytes). */
const n = (v: number) => (v >= -107 && v <= 107 ? [v + 139] : [28, (v >> 8) & 0xff, v & 0xff]);
/** Subroutine `i`'s number as a charstring calls it (bias 107 for fewer than 1240). */
const subr = (i: number) => n(i - 107);
const [RLINETO, RMOVETO, CALLSUBR, RETURN, ENDCHAR, HSTEMHM, HINTMASK, CALLGSUBR] = [5, 21, 10, 11, 14, 18, 19, 29];
const ADD = [12, 10];

const int32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

/** A DICT operand as a 5-byte integer. */
const dictInt = (v: number) => [29, ...int32(v)];

/** A name-keyed CFF table of `glyphs` with global and local subroutines, with no charset (ISOAdobe). */
function cffTable(glyphs: number[][], globals: number[][], locals: number[][]): Buffer {
  const header = [1, 0, 4, 4];
  const names = indexWithOffsets([[...Buffer.from('Test')]]);
  const strings = [0, 0];
  const globalIndex = indexWithOffsets(globals);
  const charStrings = indexWithOffsets(glyphs);
  // Top DICT: CharStrings (17) and Private (18: size, offset), each operand 5 bytes.
  const topSize = 5 + 1 + 10 + 1;
  const topIndex = 2 + 1 + 2 + topSize;
  const charStringsAt = header.length + names.length + topIndex + strings.length + globalIndex.length;
  const privateAt = charStringsAt + charStrings.length;
  const privateDict = [...dictInt(6), 19]; // Subrs, right after the Private DICT
  const top = [...dictInt(charStringsAt), 17, ...dictInt(privateDict.length), ...dictInt(privateAt), 18];
  return Buffer.from([...header, ...names, 0, 1, 1, 1, 1 + top.length, ...top, ...strings, ...globalIndex, ...charStrings, ...privateDict, ...indexWithOffsets(locals)]);
}

/** A CFF INDEX of `items` with 4-byte offsets. */
function indexWithOffsets(items: number[][]): number[] {
  if (!items.length) return [0, 0];
  const out = [(items.length >> 8) & 0xff, items.length & 0xff, 4];
  let offset = 1;
  out.push(...int32(offset));
  for (const item of items) out.push(...int32((offset += item.length)));
  return [...out, ...items.flat()];
}

const dir = mkdtempSync(join(tmpdir(), 'paiban-cff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The charstrings of the program cut from the hand-written table for `wanted`, each as bytes. */
function cutCharStrings(table: Buffer, wanted: number[]): number[][] {
  const file = join(dir, `${Math.random()}.cff`);
  writeFileSync(file, table);
  const fd = openSync(file, 'r');
  try {
    const program = new CffTable(fd, { offset: 0, length: table.length }).cut(fd, wanted);
    const top = readDict(program, ...readIndex(program, readIndex(program, program[2]).end).items[0]);
    return readIndex(program, top.get(17)![0]).items.map(([s, e]) => [...program.subarray(s, e)]);
  } finally {
    closeSync(fd);
  }
}

describe('inlining subroutines', () => {
  const notdef = [ENDCHAR];

  it('writes a subroutine in place of its call, the operands before the call kept', () => {
    const glyph = [...n(1), ...n(2), ...subr(0), CALLSUBR, RLINETO, ENDCHAR];
    const cut = cutCharStrings(cffTable([notdef, glyph], [], [[...n(3), RETURN]]), [0, 1]);
    expect(cut).toEqual([notdef, [...n(1), ...n(2), ...n(3), RLINETO, ENDCHAR]]);
  });

  it('follows calls into global and local subroutines, ending the glyph where a subroutine ends it', () => {
    const glyph = [...n(5), ...n(5), RMOVETO, ...subr(0), CALLGSUBR, ...n(99), RLINETO];
    const globals = [[...n(1), ...n(1), RLINETO, ...subr(1), CALLSUBR, RETURN]];
    const locals = [[RETURN], [...n(3), ...n(4), RLINETO, ENDCHAR]];
    const cut = cutCharStrings(cffTable([notdef, glyph], globals, locals), [0, 1]);
    expect(cut[1]).toEqual([...n(5), ...n(5), RMOVETO, ...n(1), ...n(1), RLINETO, ...n(3), ...n(4), RLINETO, ENDCHAR]);
  });

  it('counts stems declared before a call and inside it to know how long a hintmask is', () => {
    // Seven hstems, then two vstems implied by the four operands before the hintmask: nine stems,
    // a mask of two bytes, the second of which would read as return were only seven counted.
    const stems = (k: number) => Array.from({ length: 2 * k }, (_, i) => n(i + 1)).flat();
    const glyph = [...stems(7), HSTEMHM, ...n(30), ...n(40), ...subr(0), CALLSUBR, ...n(1), RLINETO, ENDCHAR];
    const locals = [[...n(50), ...n(60), HINTMASK, 0xff, RETURN, ...n(2), RLINETO, RETURN]];
    const cut = cutCharStrings(cffTable([notdef, glyph], [], locals), [0, 1]);
    expect(cut[1]).toEqual([...stems(7), HSTEMHM, ...n(30), ...n(40), ...n(50), ...n(60), HINTMASK, 0xff, RETURN, ...n(2), RLINETO, ...n(1), RLINETO, ENDCHAR]);
    // Eight stems take one byte: the byte after it is an operator again.
    const eight = [...stems(8), HSTEMHM, HINTMASK, 0xff, ...subr(1), CALLSUBR, ENDCHAR];
    expect(cutCharStrings(cffTable([notdef, eight], [], [[RETURN], [...n(3), RETURN]]), [0, 1])[1]).toEqual([...stems(8), HSTEMHM, HINTMASK, 0xff, ...n(3), ENDCHAR]);
  });

  it('writes two-byte operands and subroutine numbers past the one-byte range', () => {
    const locals = Array.from({ length: 300 }, (_, i) => [...n(i), RETURN]);
    const glyph = [...n(1000), ...subr(250), CALLSUBR, RLINETO, ENDCHAR];
    const cut = cutCharStrings(cffTable([notdef, glyph], [], locals), [0, 1]);
    expect(cut[1]).toEqual([...n(1000), ...n(250), RLINETO, ENDCHAR]);
  });

  it.each([
    ['seac (endchar with four operands)', [...n(0), ...n(0), ...n(65), ...n(66), ENDCHAR]],
    ['a subroutine number computed by arithmetic', [...n(1), ...n(2), ...ADD, CALLSUBR, ENDCHAR]],
    ['a call to a subroutine that does not exist', [...subr(5), CALLSUBR, ENDCHAR]],
    ['a call to itself, without end', [...subr(1), CALLSUBR, ENDCHAR]],
  ])('refuses %s, for HarfBuzz to cut', (_, glyph) => {
    const locals = [[RETURN], [...subr(1), CALLSUBR, RETURN]];
    expect(() => cutCharStrings(cffTable([notdef, glyph], [], locals), [0, 1])).toThrow(CffError);
  });
});
