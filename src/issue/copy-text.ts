/**
 * Article copy as reporters deliver it: one paragraph per line, blank lines allowed,
 * `##` starting a section heading and a `——` line right after a heading being its subtitle.
 */
import type { DiagnosticList } from '../diagnostics.js';
import type { CopyBlock } from './model.js';
import { cleanText, placeOfLine, type TextPlace } from './text-hygiene.js';

const HEADING = /^#{1,6}\s+(.*)$/;
/** Spaces that copy often carries as a hand-made indent; the composer indents by itself. */
const LEADING_BLANKS = /^[\s\u3000]+|[\s\u3000]+$/g;
/**
 * Longest paragraph we set, in characters: a broadsheet page holds about 15,000, and a
 * longer "paragraph" is a file whose line ends were lost, which would only be set slowly.
 */
export const MAX_PARAGRAPH_CHARS = 20_000;

/** Cleans copy (see text-hygiene), splits it into blocks and checks their length. */
export function readCopy(text: string, place: TextPlace, diags: DiagnosticList): CopyBlock[] {
  const blocks = parseCopy(cleanText(text, place, diags));
  for (const block of blocks) {
    const length = [...block.text].length;
    if (length > MAX_PARAGRAPH_CHARS) {
      diags.error(`paragraph of ${length} characters is longer than the limit of ${MAX_PARAGRAPH_CHARS}; are its line ends missing?`, placeOfLine(place, block.line));
    }
  }
  return blocks;
}

export function parseCopy(text: string): CopyBlock[] {
  const blocks: CopyBlock[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((raw, index) => {
    const line = raw.replace(LEADING_BLANKS, '');
    if (!line) return;
    const heading = HEADING.exec(line);
    const last = blocks[blocks.length - 1];
    if (heading) {
      blocks.push({ kind: 'heading', text: heading[1].trim(), line: index });
    } else if (last?.kind === 'heading' && last.subtitle === undefined && line.startsWith('——')) {
      last.subtitle = line;
    } else {
      blocks.push({ kind: 'paragraph', text: line, line: index });
    }
  });
  return blocks;
}
