/**
 * Article copy as reporters deliver it: one paragraph per line, blank lines allowed,
 * `##` starting a section heading (consecutive `##` lines of one level are one heading of
 * several lines), a `——` line right after a heading being its subtitle, leading ideographic
 * spaces giving a paragraph's indent, and a paragraph that starts with a number or bullet
 * (1． 一、 （一） ① ■ …) being an item of a list, and rows of cells — a Markdown pipe table, or
 * lines of tab-separated cells — being a table, with the paragraphs right under it that open
 * with 注： or 资料来源： (TABLE_NOTE) as its notes. A Pandoc fenced div, `::: brief` (or
 * `::: {.brief}`) to `:::`, sets the paragraphs and list items inside it in the layout's
 * paragraph style of that name; `**…**` and `[…]{.name}` inside a paragraph mark character styles.
 */
import type { DiagnosticList } from '../diagnostics.js';
import { parseInline } from './inline-styles.js';
import type { CellAlign, CopyBlock, TableBlock } from './model.js';
import { cleanText, placeOfLine, type TextPlace } from './text-hygiene.js';

const HEADING = /^(#{1,6})\s+(.*)$/;
/** Blanks at the start and end of a line of copy: at the start they may be an indent (below). */
const LEADING = /^[\s\u3000]*/;
const TRAILING = /[\s\u3000]+$/;
const IDEOGRAPHIC_SPACE = '\u3000';
/** A paragraph right under a table that is one of its notes: 注：, 注1：, 说明：, 资料来源：, 数据来源：, 来源：. */
const TABLE_NOTE = /^(?:注[0-9０-９①-⑨]?|说明|(?:资料|数据)?来源)[：:]/u;
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
/** The marker (with its blanks) a line of text opens a list item with, or null: read by `check` from a page too. */
export const listMarker = (line: string): string | null => LIST_MARKER.exec(line)?.[0] ?? null;

/**
 * Longest paragraph we set, in characters: a broadsheet page holds about 15,000, and a
 * longer "paragraph" is a file whose line ends were lost, which would only be set slowly.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;

/** Cleans copy (see text-hygiene), splits it into blocks and checks their length. */
export function readCopy(text: string, place: TextPlace, diags: DiagnosticList): CopyBlock[] {
  const unclosed: number[] = [];
  const blocks = parseCopy(cleanText(text, place, diags, true), unclosed);
  for (const line of unclosed) diags.warn('a ::: block opened here is not closed by a line of ":::"; its style runs to the end of the copy', placeOfLine(place, line));
  for (const block of blocks) {
    // A table's cells are set each as a paragraph.
    const length = Math.max(...(block.kind === 'table' ? [...block.rows.flat(), ...(block.notes ?? []).map((n) => n.text)] : [block.text]).map((t) => [...t].length));
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
  const tables = findTables(lines);
  /** The level of the heading on the line before (0 if that line was not a heading). */
  let headingBefore = 0;
  let inTable = -1;
  lines.forEach((rawLine, index) => {
    const table = tables.get(index);
    if (table) {
      blocks.push(table);
      inTable = table.lines[table.lines.length - 1];
      headingBefore = 0;
      return;
    }
    if (index <= inTable) return;
    // A tab outside a table is a blank like any other.
    const raw = rawLine.replace(/\t/g, ' ');
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
    if (last?.kind === 'table' && TABLE_NOTE.test(line)) {
      (last.notes ??= []).push({ text: parseInline(line).text, line: index });
      return;
    }
    const marker = listMarker(line);
    if (marker) {
      blocks.push({ kind: 'list_item', marker, ...styled(line.slice(marker.length)), line: index });
      return;
    }
    const indent = [...leading].filter((ch) => ch === IDEOGRAPHIC_SPACE).length;
    blocks.push({ kind: 'paragraph', ...styled(line), line: index, ...(indent > 0 && { indent }) });
  });
  unclosed.push(...fences.map((f) => f.line));
  return blocks;
}

/** A row of a pipe table: | a | b |. */
const PIPE_ROW = /^\|.*\|$/;
/** The row under a pipe table's header: | --- | :--: | --: |. */
const PIPE_DELIMITER = /^\|(\s*:?-+:?\s*\|)+$/;

/**
 * The tables of the copy, by the index of their first line: runs of at least two pipe rows (the
 * first a header when a delimiter row follows it) or of at least two lines holding tabs (the first
 * row a header, a line of tabs alone between two rows an empty row).
 */
function findTables(lines: readonly string[]): Map<number, TableBlock> {
  const tables = new Map<number, TableBlock>();
  const trimmed = lines.map((l) => l.replace(/^[ \u3000]+|[ \u3000]+$/g, ''));
  const isPipe = (i: number) => i < lines.length && PIPE_ROW.test(trimmed[i]);
  const isTabbed = (i: number) => i < lines.length && trimmed[i].includes('\t') && trimmed[i].replace(/\t/g, '').trim() !== '';
  // A row of tabs alone is a spreadsheet's empty row: between rows of cells it is an empty row of their table.
  const isEmptyTabbed = (i: number) => i < lines.length && trimmed[i].includes('\t') && !isTabbed(i);
  const isTableRow = (i: number) => {
    let next = i;
    while (isEmptyTabbed(next)) next++;
    return isTabbed(next);
  };
  for (let i = 0; i < lines.length; i++) {
    for (const [is, cellsOf] of [
      [isPipe, pipeCells],
      [isTabbed, (l: string) => l.split('\t').map((c) => c.trim())],
    ] as const) {
      let end = i;
      if (is(i)) while (is === isTabbed ? isTableRow(end) : is(end)) end++;
      if (end - i < 2) continue;
      const rowLines = Array.from({ length: end - i }, (_, k) => i + k);
      const delimiter = is === isPipe && PIPE_DELIMITER.test(trimmed[i + 1].replace(/\s+/g, ' ')) ? i + 1 : -1;
      const align: (CellAlign | undefined)[] = delimiter < 0 ? [] : pipeCells(trimmed[delimiter]).map(alignOf);
      const kept = rowLines.filter((l) => l !== delimiter);
      const rows = kept.map((l) => cellsOf(trimmed[l]));
      const columns = Math.max(...rows.map((r) => r.length));
      for (const r of rows) while (r.length < columns) r.push('');
      tables.set(i, { kind: 'table', rows, text: rows.map((r) => r.join(' ')).join('\n'), header: is === isTabbed || delimiter >= 0, align, lines: kept, line: i });
      i = end - 1;
      break;
    }
  }
  return tables;
}

/** The cells of a pipe row, trimmed; \| is a bar inside a cell. */
function pipeCells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.replace(/\\\|/g, '|').trim());
}

const alignOf = (delimiter: string): CellAlign | undefined => {
  const d = delimiter.trim();
  if (d.startsWith(':') && d.endsWith(':')) return 'center';
  if (d.endsWith(':')) return 'right';
  if (d.startsWith(':')) return 'left';
  return undefined;
};
