/**
 * Article copy as reporters deliver it: one paragraph per line, blank lines allowed,
 * `##` starting a section heading (consecutive `##` lines of one level are one heading of
 * several lines), a `——` line right after a heading being its subtitle, leading ideographic
 * spaces giving a paragraph's indent, and a paragraph that starts with a number or bullet
 * (1． 一、 （一） ① ■ …) being an item of a list. A Pandoc fenced div, `::: brief` (or
 * `::: {.brief}`) to `:::`, sets the paragraphs and list items inside it in the layout's
 * paragraph style of that name; `**…**` and `[…]{.name}` inside a paragraph mark character styles.
 */
import type { DiagnosticList } from '../diagnostics.js';
import { parseInline } from './inline-styles.js';
import type { CopyBlock } from './model.js';
import { cleanText, placeOfLine, type TextPlace } from './text-hygiene.js';

const HEADING = /^(#{1,6})\s+(.*)$/;
/** Blanks at the start and end of a line of copy: at the start they may be an indent (below). */
const LEADING = /^[\s\u3000]*/;
const TRAILING = /[\s\u3000]+$/;
const IDEOGRAPHIC_SPACE = '\u3000';
/** A fenced div's opening line naming a paragraph style (`::: brief`, `::: {.brief}`), and its closing line. */
const FENCE_OPEN = /^:{3,}\s*(?:\{\s*\.([A-Za-z_][\w-]*)\s*\}|([A-Za-z_][\w-]*))\s*:*$/;
const FENCE_CLOSE = /^:{3,}$/;

const NUMERAL = '[一二三四五六七八九十百〇零]{1,4}';
const DIGITS = '[0-9０-９]{1,3}';
/**
 * The marker of a list item, the blanks after it, and at least one character of text:
 * 1． 1、 1. (not 1.5), 一、 (not 一、二线), （一） (1), ① to ⑳ (and ㉑–㊿, ❶–❿), ■ ● • ◆ ▪.
 */
const LIST_MARKER = new RegExp(
  String.raw`^(${DIGITS}[．、.](?![0-9０-９])|${NUMERAL}、(?![一二三四五六七八九十])|[（(](?:${NUMERAL}|${DIGITS})[）)]|[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u277f]|[■●•◆▪])[ \u3000]*(?=\S)`, 'u',
);
/**
 * Longest paragraph we set, in characters: a broadsheet page holds about 15,000, and a
 * longer "paragraph" is a file whose line ends were lost, which would only be set slowly.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;

/** Cleans copy (see text-hygiene), splits it into blocks and checks their length. */
export function readCopy(text: string, place: TextPlace, diags: DiagnosticList): CopyBlock[] {
  const unclosed: number[] = [];
  const blocks = parseCopy(cleanText(text, place, diags), unclosed);
  for (const line of unclosed) diags.warn('a ::: block opened here is not closed by a line of ":::"; its style runs to the end of the copy', placeOfLine(place, line));
  for (const block of blocks) {
    const length = [...block.text].length;
    if (length > MAX_PARAGRAPH_CHARS) {
      diags.error(`paragraph of ${length} characters is longer than the limit of ${MAX_PARAGRAPH_CHARS}; are its line ends missing?`, placeOfLine(place, block.line));
    }
  }
  return blocks;
}

/**
 * Splits cleaned copy into blocks. Leading ideographic spaces of a paragraph are its indent,
 * exactly (two give the usual 2 em, four give 4 em, one 1 em), in place of the style's; other
 * leading blanks (ASCII spaces, tabs) are dropped, as are blanks before a heading or a list
 * item, which have indents of their own.
 */
export function parseCopy(text: string, unclosed: number[] = []): CopyBlock[] {
  const blocks: CopyBlock[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  /** The fenced divs open, innermost last: their style and the copy line that opened them. */
  const fences: { style: string; line: number }[] = [];
  /** The style and character styles of a paragraph or list item's text. */
  const styled = (source: string) => {
    const { text, marks } = parseInline(source);
    const style = fences.at(-1)?.style;
    return { text, ...(style && { style }), ...(marks.length && { marks }) };
  };
  /** The level of the heading on the line before (0 if that line was not a heading). */
  let headingBefore = 0;
  lines.forEach((raw, index) => {
    const leading = LEADING.exec(raw)![0];
    const line = raw.slice(leading.length).replace(TRAILING, '');
    const wasHeading = headingBefore;
    headingBefore = 0;
    if (!line) return;
    const fence = FENCE_OPEN.exec(line);
    if (fence) {
      fences.push({ style: fence[1] ?? fence[2], line: index });
      return;
    }
    // A closing line with no block open is text, as Pandoc reads it.
    if (FENCE_CLOSE.test(line) && fences.length) {
      fences.pop();
      return;
    }
    const heading = HEADING.exec(line);
    const last = blocks[blocks.length - 1];
    if (heading) {
      const level = heading[1].length;
      const text = heading[2].trim();
      headingBefore = level;
      // A heading of two lines: `##` lines of one level, one right under the other.
      if (wasHeading === level && last?.kind === 'heading' && last.subtitle === undefined) last.text += `\n${text}`;
      else blocks.push({ kind: 'heading', text, line: index });
      return;
    }
    if (last?.kind === 'heading' && last.subtitle === undefined && line.startsWith('——')) {
      last.subtitle = line;
      return;
    }
    const item = LIST_MARKER.exec(line);
    if (item) {
      blocks.push({ kind: 'list_item', marker: item[0], ...styled(line.slice(item[0].length)), line: index });
      return;
    }
    const indent = [...leading].filter((ch) => ch === IDEOGRAPHIC_SPACE).length;
    blocks.push({ kind: 'paragraph', ...styled(line), line: index, ...(indent > 0 && { indent }) });
  });
  unclosed.push(...fences.map((f) => f.line));
  return blocks;
}
