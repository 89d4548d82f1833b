/**
 * Text as editors deliver it — pasted from Word, WeChat and PDFs, or kept for decades in
 * archives — made safe to set without losing a printable character: line ends unified,
 * invisible and control characters removed and reported, and normalised to NFC except for
 * CJK compatibility ideographs. (Bytes become text in source/decode-text.ts.)
 */
import type { Diagnostic, DiagnosticList } from '../diagnostics.js';

/** Where a text stands, for diagnostics about it. */
export interface TextPlace extends Omit<Diagnostic, 'severity' | 'message'> {
  file: string;
  /** Line i (0-based) of the text stands on line `line + i` of the file: a copy file or a YAML block scalar. */
  linesFollow?: boolean;
}

/** Where line `index` (0-based) of a text stands. */
export function placeOfLine(place: TextPlace, index: number): Omit<Diagnostic, 'severity' | 'message'> {
  const { linesFollow, ...at } = place;
  if (!linesFollow || at.line === undefined) return at;
  return { file: at.file, line: at.line + index, field: at.field };
}

const LINE_END = /\r\n?|[\v\f\u0085\u2028\u2029]/g;
/**
 * Characters that print nothing and that the composer has no use for: C0 and C1 controls
 * (newline aside; tab becomes a space), zero-width spaces and joiners (but one joining emoji), word joiner and
 * invisible operators, byte-order marks, bidirectional controls (pages are set left to
 * right), and surrogates without their other half.
 */
const INVISIBLE =
  /[\0-\x08\x0E-\x1F\x7F-\x9F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A zero-width joiner between two emoji joins them into one (👨‍👩‍👧 a family): it is kept. */
const ZWJ = '\u200D';
const EMOJI_BEFORE = /\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}\uFE0F]?$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
/** CJK compatibility ideographs, U+F900–U+FAFF and U+2F800–U+2FA1F. */
const COMPAT_IDEOGRAPH = /([\uF900-\uFAFF]|\uD87E[\uDC00-\uDE1F])/;
/** Lines named in a warning before it says "and N more". */
const LINES_LISTED = 5;

/**
 * Unifies line ends, turns tabs into spaces (unless `keepTabs`: copy, where they part the cells of
 * a table), removes invisible and control characters with one warning naming them and the lines
 * they stood on, and normalises to NFC.
 */
export function cleanText(text: string, place: TextPlace, diags: DiagnosticList, keepTabs = false): string {
  const found = new Map<number, number>();
  const lines: number[] = [];
  const cleaned = text
    .replace(LINE_END, '\n')
    .replace(/\t/g, keepTabs ? '\t' : ' ')
    .split('\n')
    .map((line, i) =>
      line.replace(INVISIBLE, (ch, at: number) => {
        if (ch === ZWJ && EMOJI_BEFORE.test(line.slice(0, at)) && EMOJI_AFTER.test(line.slice(at + 1))) return ch;
        const cp = ch.codePointAt(0)!;
        found.set(cp, (found.get(cp) ?? 0) + 1);
        if (lines[lines.length - 1] !== i) lines.push(i);
        return '';
      }),
    )
    .join('\n');
  if (found.size) {
    const count = [...found.values()].reduce((a, b) => a + b, 0);
    const which = [...found].map(([cp, n]) => `${codePoint(cp)}${n > 1 ? ` ×${n}` : ''}`).join(', ');
    let where = '';
    // The diagnostic stands at the first line; more lines are listed in the message.
    if (place.linesFollow && place.line !== undefined && lines.length > 1) {
      const listed = lines.slice(0, LINES_LISTED).map((i) => place.line! + i);
      where = ` on lines ${listed.join(', ')}${lines.length > LINES_LISTED ? ` and ${lines.length - LINES_LISTED} more` : ''}`;
    }
    diags.warn(`removed ${count} invisible or control character${count > 1 ? 's' : ''} (${which})${where}`, placeOfLine(place, lines[0]));
  }
  return normalize(cleaned);
}

/**
 * NFC, so that a letter and its combining accent typed apart are set as the one glyph
 * fonts have for them. NFC would also replace each CJK compatibility ideograph by its
 * unified twin — a different character to an archive — so those are left as they are and
 * only the runs between them are normalised.
 */
export function normalize(text: string): string {
  return text
    .split(COMPAT_IDEOGRAPH)
    .map((run, i) => (i % 2 ? run : run.normalize('NFC')))
    .join('');
}

/** U+4E2D, as code points are written. */
export function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A headline part on one line, for bookmarks and metadata: where the editor broke it, Chinese
 * closes up and other text takes a space.
 */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, (br, at: number) => {
    const before = text.slice(0, at).at(-1) ?? '';
    const after = text[at + br.length] ?? '';
    return /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u.test(before + after) ? '' : ' ';
  });
}
