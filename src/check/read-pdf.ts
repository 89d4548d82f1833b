/**
 * Reads the text of any PDF page back, glyph by glyph, with positions: the independent view
 * of what a page really holds, used by `paiban check` and by the tests. pdf.js parses the
 * file; we follow the text state (matrices, font size, scaling, spacing) through its
 * operator list to place every glyph.
 */
import { MAX_PDF_BYTES, readFileCapped, readProblemText } from '../files.js';
import { InputError } from '../diagnostics.js';
import { IDENTITY, multiply, type Matrix } from '../pdf/matrix.js';
import { streamBombProblem } from '../pdf/pdf-streams.js';

export { inflateStream, pdfStreams, type PdfStream } from '../pdf/pdf-streams.js';

/** What pdf.js refuses to read in a damaged or hostile file (a page tree that contains itself, arrays nested too deep), as the file's problem. */
async function readable<T>(file: string, what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    // A stack overflow is pdf.js meeting objects nested deeper than it recurses: say that, not how it failed.
    const why = /Maximum call stack size exceeded/.test((e as Error).message) ? 'its objects are nested too deep' : (e as Error).message;
    throw new InputError([{ severity: 'error', message: `cannot be read as a PDF (${what}${why})`, file }]);
  }
}

export interface PdfGlyph {
  /** Text the glyph extracts as (through the font's ToUnicode). */
  text: string;
  /** Left edge and advance width, in points (for a glyph of vertical text: the text position's x, and its advance down the column). */
  x: number;
  width: number;
  /** In a run of vertical text: the text position's y, from the page's top edge. */
  y?: number;
  /**
   * Left and right edges of the glyph's ink (its outline, control points included), in points, for a
   * glyph of horizontal text whose font program pdf.js could draw: where a full-width mark's ink lies in its cell.
   */
  ink?: [number, number];
}

/** One text-showing operation (Tj or TJ): glyphs on one baseline in one font and size. */
export interface PdfRun {
  glyphs: PdfGlyph[];
  /** Baseline in page coordinates: points from the page's top edge, y down. */
  y: number;
  size: number;
  font: string;
  /** Vertical text: shown in a font's vertical writing mode (upright), or turned with its text matrix (sideways). */
  vertical?: 'upright' | 'sideways';
  /** Shown inside marked content tagged /Table: a table's cells, not a line of text. */
  table?: boolean;
}

export interface PdfFont {
  name: string;
  embedded: boolean;
  subset: boolean;
  toUnicode: boolean;
  /** Size of the embedded font program in bytes. */
  bytes: number;
  type: string;
}

/** An image drawn on the page: its pixels and the size it is placed at, in points. */
export interface PdfImage {
  pixelWidth: number;
  pixelHeight: number;
  width: number;
  height: number;
}

export interface PdfPage {
  width: number;
  height: number;
  runs: PdfRun[];
  fonts: PdfFont[];
  images: PdfImage[];
}


interface PdfjsGlyph {
  unicode: string;
  /** The glyph's code in the font as pdf.js rebuilt it: its outline is the common object `<font id>_path_<fontChar>`. */
  fontChar: string;
  width: number;
  isSpace?: boolean;
  /** In a vertical font: the vertical advance (negative, down) and the position vector, in 1/1000 of the size. */
  vmetric?: [number, number, number];
}

/**
 * Whether pdf.js has the font's text: for a composite font without a ToUnicode map it makes up
 * an identity map (sent as { firstChar, lastChar }), which reads glyph ids as code points.
 */
const extractable = (toUnicode: object | undefined) => !!toUnicode && !('firstChar' in toUnicode);

/** Numbers of an outline as pdf.js writes it (M0.248 0.001C0.28 0.001 …Z): x and y in turn, in text space at size 1. */
const OUTLINE_NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/g;

/** Leftmost and rightmost x of an outline, or null when it has none (a space). */
function outlineXRange(path: string): [number, number] | null {
  const numbers = path.match(OUTLINE_NUMBER);
  if (!numbers) return null;
  let [min, max] = [Infinity, -Infinity];
  for (let k = 0; k < numbers.length; k += 2) {
    const x = Number(numbers[k]);
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return [min, max];
}

export async function readPdf(file: string): Promise<PdfPage[]> {
  // pdf.js is large; only the commands that read PDFs load it.
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // Only a regular file, read with a limit: a FIFO given as the PDF would wait forever.
  const read = readFileCapped(file, MAX_PDF_BYTES);
  if (!('bytes' in read)) throw new InputError([{ severity: 'error', message: read.problem === 'unreadable' ? `cannot read ${file} (${read.code})` : readProblemText('PDF', read, MAX_PDF_BYTES), file }]);
  const bomb = streamBombProblem(read.bytes);
  if (bomb) throw new InputError([{ severity: 'error', message: bomb, file }]);
  const data = new Uint8Array(read.bytes);
  const doc = await readable(file, '', getDocument({ data, verbosity: 0, fontExtraProperties: true, disableFontFace: true }).promise);
  const pages: PdfPage[] = [];
  /** The x range of each glyph's outline, by font id and glyph: a page draws most glyphs many times. */
  const outlines = new Map<string, [number, number] | null>();
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await readable(file, `page ${p}: `, doc.getPage(p));
      // Drawing fonts as paths (disableFontFace), pdf.js hands over the outline of every glyph the page shows with its operator list.
      const outline = (id: string, fontChar: string) => {
        const key = `${id}_path_${fontChar}`;
        if (!outlines.has(key)) {
          const path: unknown = page.commonObjs.has(key) ? page.commonObjs.get(key) : null;
          outlines.set(key, typeof path === 'string' ? outlineXRange(path) : null);
        }
        return outlines.get(key)!;
      };
      const [x0, y0, x1, y1] = page.view;
      const height = y1 - y0;
      const ops = await readable(file, `page ${p}: `, page.getOperatorList());
      const runs: PdfRun[] = [];
      const images: PdfImage[] = [];
      const fonts = new Map<string, PdfFont>();
      let ctm: Matrix = IDENTITY;
      const stack: Matrix[] = [];
      let tm: Matrix = IDENTITY;
      let lineMatrix: Matrix = IDENTITY;
      let font = '';
      /** The font's id among the page's common objects, where pdf.js keeps its glyph outlines. */
      let fontId = '';
      let verticalFont = false;
      let size = 0;
      let hScale = 1;
      let charSpacing = 0;
      let wordSpacing = 0;
      let leading = 0;
      // Tags of the marked content open at each point.
      const marked: string[] = [];
      /** The run the last show of this text object made: a show that goes on from it (after a span of marked content closed) adds to it. */
      let shown: PdfRun | undefined;
      for (let i = 0; i < ops.fnArray.length; i++) {
        const fn = ops.fnArray[i];
        const args = ops.argsArray[i] as unknown[];
        switch (fn) {
          case OPS.beginMarkedContent:
          case OPS.beginMarkedContentProps:
            // The tag comes as a name object ({ name }).
            marked.push(String((args[0] as { name?: unknown } | null)?.name ?? args[0]));
            break;
          case OPS.endMarkedContent:
            marked.pop();
            break;
          case OPS.save:
            stack.push(ctm);
            break;
          case OPS.restore:
            ctm = stack.pop() ?? IDENTITY;
            break;
          case OPS.transform:
            ctm = multiply(args as Matrix, ctm);
            break;
          case OPS.beginText:
            shown = undefined;
            tm = IDENTITY;
            lineMatrix = IDENTITY;
            break;
          case OPS.setFont: {
            const id = args[0] as string;
            size = args[1] as number;
            const f = page.commonObjs.get(id) as { name: string; missingFile: boolean; data?: Uint8Array; toUnicode?: object; type?: string; subtype?: string; vertical?: boolean };
            font = f.name;
            fontId = id;
            verticalFont = !!f.vertical;
            if (!fonts.has(f.name)) {
              fonts.set(f.name, {
                name: f.name,
                embedded: !f.missingFile && !!f.data,
                subset: /^[A-Z]{6}\+/.test(f.name),
                toUnicode: extractable(f.toUnicode),
                bytes: f.data?.length ?? 0,
                type: [f.type, f.subtype].filter(Boolean).join(' '),
              });
            }
            break;
          }
          case OPS.setHScale:
            hScale = (args[0] as number) / 100;
            break;
          case OPS.setCharSpacing:
            charSpacing = args[0] as number;
            break;
          case OPS.setWordSpacing:
            wordSpacing = args[0] as number;
            break;
          case OPS.setLeading:
            leading = args[0] as number;
            break;
          case OPS.setTextMatrix:
            tm = args as Matrix;
            lineMatrix = tm;
            break;
          case OPS.moveText:
            lineMatrix = multiply([1, 0, 0, 1, args[0] as number, args[1] as number], lineMatrix);
            tm = lineMatrix;
            break;
          case OPS.setLeadingMoveText:
            leading = -(args[1] as number);
            lineMatrix = multiply([1, 0, 0, 1, args[0] as number, args[1] as number], lineMatrix);
            tm = lineMatrix;
            break;
          case OPS.nextLine:
            lineMatrix = multiply([1, 0, 0, 1, 0, -leading], lineMatrix);
            tm = lineMatrix;
            break;
          case OPS.paintImageXObject:
            images.push({ pixelWidth: args[1] as number, pixelHeight: args[2] as number, width: Math.hypot(ctm[0], ctm[1]), height: Math.hypot(ctm[2], ctm[3]) });
            break;
          case OPS.showText:
          case OPS.showSpacedText:
          case OPS.nextLineShowText:
          case OPS.nextLineSetSpacingShowText: {
            const items = args[0] as (PdfjsGlyph | number)[];
            const glyphs: PdfGlyph[] = [];
            const m = multiply(tm, ctm);
            const scale = Math.hypot(m[0], m[1]);
            if (verticalFont) {
              // Vertical writing mode: the pen moves down the column, by each glyph's vertical advance.
              let pen = 0;
              for (const item of items) {
                // In vertical writing mode a positive offset moves the pen down.
                if (typeof item === 'number') {
                  pen += (item / 1000) * size;
                  continue;
                }
                const advance = ((item.vmetric ? -item.vmetric[0] : 1000) / 1000) * size + charSpacing;
                glyphs.push({ text: item.unicode, x: m[4] - x0, y: height - (m[5] + m[3] * -pen - y0), width: advance * scale });
                pen += advance;
              }
              tm = multiply([1, 0, 0, 1, 0, -pen], tm);
              if (glyphs.length) runs.push({ glyphs, y: height - (m[5] - y0), size: size * scale, font, vertical: 'upright' });
              break;
            }
            let pen = 0; // in text space
            for (const item of items) {
              if (typeof item === 'number') {
                pen -= (item / 1000) * size * hScale;
                continue;
              }
              const advance = ((item.width / 1000) * size + charSpacing + (item.isSpace ? wordSpacing : 0)) * hScale;
              const ux = m[0] * pen + m[4];
              const range = m[1] === 0 ? outline(fontId, item.fontChar) : null;
              const ink = range && ([ux - x0 + m[0] * range[0] * size * hScale, ux - x0 + m[0] * range[1] * size * hScale].sort((a, b) => a - b) as [number, number]);
              glyphs.push({ text: item.unicode, x: ux - x0, width: advance * scale, ...(m[1] !== 0 && { y: height - (m[1] * pen + m[5] - y0) }), ...(ink && { ink }) });
              pen += advance;
            }
            tm = multiply([1, 0, 0, 1, pen, 0], tm);
            // A text matrix turned a quarter: Latin set sideways in a column of vertical text.
            const run: PdfRun = { glyphs, y: height - (m[5] - y0), size: size * scale, font, ...(m[1] !== 0 && { vertical: 'sideways' as const }), ...(marked.includes('Table') && { table: true }) };
            if (!glyphs.length) break;
            // One run as composition set it, though shown in parts around a span (the ActualText of a blank or a glyph shared by two characters).
            if (shown && !shown.vertical && !run.vertical && shown.font === run.font && shown.size === run.size && shown.y === run.y && !!shown.table === !!run.table) shown.glyphs.push(...glyphs);
            else runs.push((shown = run));
            break;
          }
        }
      }
      pages.push({ width: x1 - x0, height, runs, fonts: [...fonts.values()], images });
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}
