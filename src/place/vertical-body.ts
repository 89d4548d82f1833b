/**
 * The copy of a short text box set in vertical text (竖排): each paragraph composed as
 * horizontal text is (prohibitions, compression, justification) on a measure of the box's
 * height, and its lines stood up as columns, read right to left across the box.
 */
import type { Diagnostic, DiagnosticList } from '../diagnostics.js';
import type { Article, Issue } from '../issue/model.js';
import { placeOfLine } from '../issue/text-hygiene.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { Layout, Rect, Style } from '../layout/model.js';
import type { FlowRole, TextBlock, TextLine } from './page-model.js';
import { setText, type CompositionStore } from './typeset.js';
import { acrossCopy, columnOfComposed, placeVerticalLine } from './vertical.js';
import { shapeText } from '../shape/shape.js';

export interface VerticalBody {
  /** Byline, paragraphs and headings, their columns right to left, those that fit the box. */
  blocks: TextBlock[];
  columnsSet: number;
  /** Columns of the box left empty, and columns and characters that did not fit. */
  emptyColumns: number;
  overflowColumns: number;
  overflowChars: number;
}

/** Sets an article's byline and copy in columns of vertical text across `rect`, from its right edge. */
export function placeVerticalBody(context: CompositionStore, article: Article, layout: Layout, rect: Rect, diags: DiagnosticList, at: Issue['locate']): VerticalBody {
  const grid = layout.grid;
  const body = styleOf(layout, 'body');
  const field = at([...article.path, article.spec.body_file !== undefined ? 'body_file' : 'body']);
  const where = (line?: number): Omit<Diagnostic, 'severity' | 'message'> => (article.copyPlace && line !== undefined ? placeOfLine(article.copyPlace, line) : field);
  const pieces: { role: FlowRole; style: Style; text: string; indent?: number; where: Omit<Diagnostic, 'severity' | 'message'> }[] = [];
  if (article.spec.byline) pieces.push({ role: 'byline', style: styleOf(layout, 'byline'), text: article.spec.byline.replace(/\n/g, ' '), indent: 0, where: at([...article.path, 'byline']) });
  for (const block of article.blocks) {
    if (block.kind === 'paragraph') pieces.push({ role: 'paragraph', style: body, text: block.text, indent: block.indent, where: where(block.line) });
    else if (block.kind === 'list_item') pieces.push({ role: 'list_item', style: body, text: block.marker + block.text, indent: 0, where: where(block.line) });
    else pieces.push({ role: 'section_heading', style: styleOf(layout, 'section_heading'), text: block.text.replace(/\n/g, ' '), indent: 0, where: where(block.line) });
    if (block.kind === 'table') for (const note of block.notes ?? []) pieces.push({ role: 'paragraph', style: body, text: note.text, indent: 0, where: where(note.line) });
  }
  const result: VerticalBody = { blocks: [], columnsSet: 0, emptyColumns: 0, overflowColumns: 0, overflowChars: 0 };
  // Columns stand on the body's pitch, as lines do across: the first at the box's right edge.
  let right = rect.x + rect.width;
  for (const piece of pieces) {
    const size = piece.style.size;
    const pitch = (grid.pitch * size) / grid.bodySize;
    // A column holds whole characters of its style.
    const measure = Math.floor(rect.height / size + 1e-9) * size;
    // One or two digits are composed as one character of one em, and set upright across the column (纵中横).
    const copy = acrossCopy(piece.text);
    const set = setText(context, copy.text, piece.style, measure, diags, piece.where, { indent: piece.indent });
    const faces = { face: piece.style.face, fallbacks: piece.style.fallbacks };
    const digits = (run: string) => shapeText(run, faces).flatMap((c) => c.glyphs);
    const lines: TextLine[] = [];
    for (const composed of set.lines) {
      if (right - size < rect.x - 1e-6) {
        result.overflowColumns++;
        result.overflowChars += [...piece.text.slice(copy.source(composed.start), copy.source(composed.stop)).replace(/\s/g, '')].length;
        continue;
      }
      lines.push(placeVerticalLine(columnOfComposed(composed, copy, digits), piece.style, size, right - size / 2, rect.y));
      right -= pitch;
      result.columnsSet++;
    }
    if (lines.length) result.blocks.push({ role: piece.role, style: piece.style.name, lines });
  }
  result.emptyColumns = Math.max(0, Math.floor((right - rect.x + (grid.pitch - grid.bodySize)) / grid.pitch + 1e-9));
  return result;
}
