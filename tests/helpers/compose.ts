import { composeParagraph, type ComposeOptions, type ComposedLine } from '../../src/compose/paragraph.js';
import type { Face } from '../../src/fonts/font-set.js';
import { shapeText } from '../../src/shape/shape.js';
import { song } from './fonts.js';

export interface Set {
  lines: ComposedLine[];
  /** Text of each line. */
  texts: string[];
}

/** Shapes and composes `text` in the body face (or `face`) and returns the lines. */
export function set(text: string, options: ComposeOptions & { looseness?: 0 }, face: Face = song()): Set {
  const lines = composeParagraph(shapeText(text, { face, fallbacks: [] }), options);
  return { lines, texts: lines.map((l) => text.slice(l.start, l.stop)) };
}

/** Distances between the origins of consecutive glyphs of a line, in em. */
export function pitches(line: ComposedLine): number[] {
  return line.glyphs.slice(1).map((g, i) => +(g.x - line.glyphs[i].x).toFixed(4));
}
