/**
 * A PDF's text as a reader that honours ActualText gets it (as pdftotext does): pdf.js gives the
 * glyphs' text, line ends and marked-content spans in order; a span's ActualText, read from the
 * page's content streams by the tests' own object reader, stands for the glyphs inside it.
 * Independent of paiban's reader (src/check/read-pdf.ts), which does not look at ActualText.
 */
import { readFileSync } from 'node:fs';
import { PdfFile, textString, type PdfDict } from '../archive/pdf-objects.js';

/** A literal string's bytes, its escapes undone. */
const literal = (s: string) =>
  s.replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_, e: string) => {
    const named: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    if (e in named) return named[e];
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return '';
  });

/**
 * The ActualText of each marked-content sequence with properties (BDC) in a page's content, in
 * order; undefined for one without. Reads the inline property lists paiban writes
 * (`/Span <</ActualText <FEFF…>>> BDC`, or a literal string).
 */
function actualTexts(pdf: PdfFile, page: PdfDict): (string | undefined)[] {
  const text = pdf.content(page);
  const found: (string | undefined)[] = [];
  for (const m of text.matchAll(/(<<(?:[^<>]|<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))*>>|\/[^\s/<>[\]()]+)\s*BDC\b/g)) {
    const at = /\/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))/.exec(m[1]);
    if (!at) found.push(undefined);
    else if (at[1].startsWith('<')) found.push(textString(Buffer.from(at[1].slice(1, -1).replace(/\s/g, ''), 'hex').toString('latin1')));
    else found.push(textString(literal(at[1].slice(1, -1))));
  }
  return found;
}

/** The text of every page, lines ended by \n, pages by \f. */
export async function extractText(file: string): Promise<string> {
  const bytes = readFileSync(file);
  const pdf = new PdfFile(bytes);
  const dicts = pdf.pages();
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const spans = actualTexts(pdf, dicts[p - 1]);
      const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true });
      let text = '';
      let next = 0;
      // For each open marked-content sequence: whether an ActualText stands for what it holds.
      const open: boolean[] = [];
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'beginMarkedContentProps') {
            if (next >= spans.length) throw new Error(`${file}: pdf.js found more marked content with properties than the content streams of page ${p} have`);
            const actual = spans[next++];
            if (actual !== undefined && !open.includes(true)) text += actual;
            open.push(actual !== undefined);
          } else if (item.type === 'beginMarkedContent') open.push(false);
          else if (item.type === 'endMarkedContent') open.pop();
          continue;
        }
        if (!open.includes(true)) text += item.str;
        if (item.hasEOL) text += '\n';
      }
      if (next !== spans.length) throw new Error(`${file}: page ${p} has ${spans.length} BDC, pdf.js saw ${next}`);
      pages.push(text);
    }
  } finally {
    await doc.destroy();
  }
  return pages.join('\f');
}
