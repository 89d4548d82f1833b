/**
 * Article copy as reporters deliver it: one paragraph per line, blank lines allowed,
 * `##` starting a section heading and a `——` line right after a heading being its subtitle.
 */
import type { CopyBlock } from './model.js';

const HEADING = /^#{1,6}\s+(.*)$/;
/** Spaces that copy often carries as a hand-made indent; the composer indents by itself. */
const LEADING_BLANKS = /^[\s\u3000]+|[\s\u3000]+$/g;

export function parseCopy(text: string): CopyBlock[] {
  const blocks: CopyBlock[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (const raw of lines) {
    const line = raw.replace(LEADING_BLANKS, '');
    if (!line) continue;
    const heading = HEADING.exec(line);
    const last = blocks[blocks.length - 1];
    if (heading) {
      blocks.push({ kind: 'heading', text: heading[1].trim() });
    } else if (last?.kind === 'heading' && last.subtitle === undefined && line.startsWith('——')) {
      last.subtitle = line;
    } else {
      blocks.push({ kind: 'paragraph', text: line });
    }
  }
  return blocks;
}
