/**
 * Character styles inside a paragraph of copy, in Markdown's and Pandoc's own notation so that
 * the copy still reads as Markdown: `**…**` is the layout's character style `strong` (the 黑体
 * lead-in of a brief), and a Pandoc bracketed span `[…]{.name}` is the character style `name`.
 * The markup is taken out of the text; what it marked is kept as ranges of the text.
 */
import type { CharMark } from './model.js';

/** The character style `**…**` stands for. */
export const STRONG = 'strong';
/** The class of a span of the copy that is repeated as the article's pull quote (引语): set as the text around it. */
export const PULL_QUOTE = 'pull_quote';

/** A bracketed span: its text (no brackets inside) and the style named after a dot. */
const SPAN = /\[([^[\]\n]+)\]\{\.([A-Za-z_][\w-]*)\}/g;
const STAR_PAIR = '**';

/**
 * The text without its markup and the ranges it marked (UTF-16 offsets into that text), in the
 * order they open. `**` pair up left to right, as Markdown reads them; one left over, or a pair
 * around nothing, is text. Marks may cross (`**甲[乙**丙]{.red}`): a character takes every mark
 * over it.
 */
export function parseInline(source: string): { text: string; marks: CharMark[] } {
  /** Markup to take out, as [start, length] in the source, and marked ranges in source offsets. */
  const cuts: [number, number][] = [];
  const ranges: { from: number; to: number; style: string }[] = [];
  for (const m of source.matchAll(SPAN)) {
    const open = m.index!;
    const close = open + 1 + m[1].length;
    cuts.push([open, 1], [close, m[0].length - m[1].length - 1]);
    ranges.push({ from: open + 1, to: close, style: m[2] });
  }
  const stars: number[] = [];
  for (let i = source.indexOf(STAR_PAIR); i >= 0; i = source.indexOf(STAR_PAIR, i + STAR_PAIR.length)) stars.push(i);
  for (let k = 0; k + 1 < stars.length; k += 2) {
    const [open, close] = [stars[k], stars[k + 1]];
    if (close === open + STAR_PAIR.length) continue;
    cuts.push([open, STAR_PAIR.length], [close, STAR_PAIR.length]);
    ranges.push({ from: open + STAR_PAIR.length, to: close, style: STRONG });
  }
  if (!ranges.length) return { text: source, marks: [] };
  cuts.sort((a, b) => a[0] - b[0]);
  let text = '';
  let at = 0;
  for (const [start, length] of cuts) {
    text += source.slice(at, start);
    at = start + length;
  }
  text += source.slice(at);
  /** Where a source offset lands in the text: less the markup cut before it. */
  const mapped = (offset: number) => offset - cuts.reduce((n, [start, length]) => n + (start < offset ? Math.min(length, offset - start) : 0), 0);
  const marks = ranges
    .sort((a, b) => a.from - b.from)
    .map((r) => ({ start: mapped(r.from), stop: mapped(r.to), style: r.style }));
  return { text, marks };
}
