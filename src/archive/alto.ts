/**
 * A page's text as ALTO v4 (the layout-and-text format of digital newspaper archives), made
 * from the placed page itself rather than read back from the PDF: a TextBlock per article
 * (and per piece of page furniture), its lines and strings in reading order as the page model
 * holds them, with their boxes in tenths of a millimetre on the PDF page (the trim with its
 * bleed around it).
 */
import { articleBlocks, glyphBox, type PageModel, type TextLine } from '../place/page-model.js';
import { xmlEscape } from '../xml.js';
import { PAIBAN_VERSION } from '../version.js';

export const ALTO_NS = 'http://www.loc.gov/standards/alto/ns-v4#';
const ALTO_SCHEMA = 'http://www.loc.gov/standards/alto/v4/alto-4-4.xsd';

/** Points to ALTO's mm10 unit, to 1/100 (a micrometre). */
const MM10_PER_PT = 254 / 72;
const round = (v: number) => Math.round(v * 100) / 100;
const u = (pt: number) => round(pt * MM10_PER_PT).toString();
/** A length as the difference of rounded edges, so that HPOS + WIDTH is the rounded right edge. */
const span = (from: number, to: number) => round(round(to * MM10_PER_PT) - round(from * MM10_PER_PT)).toString();

interface Box {
  x: number;
  y: number;
  right: number;
  bottom: number;
}

const union = (boxes: readonly Box[]): Box => ({
  x: Math.min(...boxes.map((b) => b.x)),
  y: Math.min(...boxes.map((b) => b.y)),
  right: Math.max(...boxes.map((b) => b.right)),
  bottom: Math.max(...boxes.map((b) => b.bottom)),
});

/** A word: glyphs between spaces of the text (a Chinese line without spaces is one word). */
interface Word extends Box {
  content: string;
}

interface Line {
  words: Word[];
  /** A column of vertical text. */
  vertical?: boolean;
  /** A hyphen composition set at the line's end, inside a word: ALTO's HYP, not part of a String. */
  hyphen?: Box;
}

/** The text of one article, or of one piece of furniture (running head, banner). */
interface Block {
  article?: { id: string; title: string };
  role: string;
  lines: Line[];
}

export interface AltoPage {
  /** The PDF the page belongs to, and the page's place in it (from 1). */
  pdfName: string;
  index: number;
}

export function altoXml(page: PageModel, meta: AltoPage): string {
  const blocks = textBlocks(page);
  const b = page.bleed;
  const id = `P${meta.index}`;
  // The article's own identifier, the same in every page's file: a story that jumps is one article in the archive.
  const tagId = (article: string) => `A_${article}`;
  const tags = blocks.flatMap((bl) => (bl.article ? [`<StructureTag ID="${tagId(bl.article.id)}" TYPE="article" LABEL="${xmlEscape(bl.article.title)}"/>`] : []));

  const wordsOf = (lines: readonly Line[]) => lines.flatMap((l) => l.words);
  const boxAttrs = (box: Box) => `HPOS="${u(box.x + b)}" VPOS="${u(box.y + b)}" WIDTH="${span(box.x + b, box.right + b)}" HEIGHT="${span(box.y + b, box.bottom + b)}"`;
  const blockXml = (block: Block, n: number) => {
    const bid = `${id}_B${n + 1}`;
    const tagref = block.article ? ` TAGREFS="${tagId(block.article.id)}"` : '';
    const lines = block.lines.map((line, li) => {
      const lid = `${bid}_L${li + 1}`;
      const words = line.words.map((w, wi) => {
        const prev = line.words[wi - 1];
        // Down a column of vertical text, the space lies between one word's foot and the next one's head, across
        // the column; a word that starts left of the one before (the next line of a table cell, set under it) has
        // a space of no width before it.
        const space = !prev ? '' : line.vertical ? `<SP HPOS="${u(w.x + b)}" VPOS="${u(prev.bottom + b)}" WIDTH="${span(w.x + b, w.right + b)}"/>` : `<SP HPOS="${u(prev.right + b)}" VPOS="${u(w.y + b)}" WIDTH="${span(prev.right + b, Math.max(prev.right, w.x) + b)}"/>`;
        // WC, ALTO's word confidence, is 1 (sure): the text is the typeset copy, not a recognition.
        return `${space}<String ID="${lid}_S${wi + 1}" CONTENT="${xmlEscape(w.content)}" WC="1" ${boxAttrs(w)}/>`;
      });
      const h = line.hyphen;
      const hyp = h ? `<HYP HPOS="${u(h.x + b)}" VPOS="${u(h.y + b)}" WIDTH="${span(h.x + b, h.right + b)}" CONTENT="-"/>` : '';
      return `<TextLine ID="${lid}" ${boxAttrs(union(line.words))}>${words.join('')}${hyp}</TextLine>`;
    });
    return `<TextBlock ID="${bid}"${tagref} ${boxAttrs(union(wordsOf(block.lines)))}>\n${lines.join('\n')}\n</TextBlock>`;
  };
  // The running head stands above the type area, in ALTO's top margin; everything else is the print space.
  const top = blocks.filter((bl) => bl.role === 'running_head');
  const body = blocks.filter((bl) => bl.role !== 'running_head');
  const space = (name: string, list: Block[], offset: number) =>
    list.length ? `<${name} ID="${id}_${name}" ${boxAttrs(union(wordsOf(list.flatMap((bl) => bl.lines))))}>\n${list.map((bl, i) => blockXml(bl, offset + i)).join('\n')}\n</${name}>` : '';

  return `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="${ALTO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ALTO_NS} ${ALTO_SCHEMA}" SCHEMAVERSION="4.4">
<Description>
<MeasurementUnit>mm10</MeasurementUnit>
<sourceImageInformation><fileName>${xmlEscape(meta.pdfName)}</fileName></sourceImageInformation>
<Processing ID="${id}_PROC"><processingCategory>contentGeneration</processingCategory><processingStepDescription>text and positions as typeset, not recognised</processingStepDescription><processingSoftware><softwareName>paiban</softwareName><softwareVersion>${PAIBAN_VERSION}</softwareVersion></processingSoftware></Processing>
</Description>
${tags.length ? `<Tags>\n${tags.join('\n')}\n</Tags>\n` : ''}<Layout>
<Page ID="${id}" PHYSICAL_IMG_NR="${meta.index}" PRINTED_IMG_NR="${page.number}" WIDTH="${u(page.width + 2 * b)}" HEIGHT="${u(page.height + 2 * b)}" LANG="zh-CN">
${[space('TopMargin', top, 0), space('PrintSpace', body, top.length)].filter(Boolean).join('\n')}
</Page>
</Layout>
</alto>
`;
}

/** The page's text as blocks (furniture, then each article), their lines and words in reading order; lines and blocks without a word are left out. The printer's slug is not part of the page as read. */
function textBlocks(page: PageModel): Block[] {
  const blocks: Block[] = [
    ...page.furniture.map((f) => ({ role: f.role, lines: f.blocks.flatMap((bl) => bl.lines.map(wordsOf)) })),
    ...page.articles.map((a) => ({ article: { id: a.id, title: a.title }, role: 'article', lines: articleBlocks(a).flatMap((bl) => bl.lines.map(wordsOf)) })),
  ];
  for (const block of blocks) block.lines = block.lines.filter((l) => l.words.length);
  return blocks.filter((bl) => bl.lines.length);
}

/** A space drawn with a glyph (the ideographic space of Chinese text) parts words like a space without one: in ALTO it is an SP, never part of a String. */
const isSpace = (text: string) => /^\s+$/u.test(text);

/**
 * A line's glyphs as words: a word goes on with the next glyph (of any run) unless a space parts
 * them or that glyph starts a word. A column of vertical text (竖排) gives a tall, narrow line,
 * its words boxed down the column.
 */
function wordsOf(textLine: TextLine): Line {
  const vertical = textLine.direction === 'vertical';
  const line: Line = { words: [], ...(vertical && { vertical }) };
  let open = false;
  for (const run of textLine.runs) {
    for (const g of run.glyphs) {
      const box = glyphBox(run, g);
      if (g.inserted) {
        line.hyphen = box;
        continue;
      }
      if (isSpace(g.text)) {
        open = false;
        continue;
      }
      const word = line.words.at(-1);
      if (word && open && !g.wordStart) {
        word.content += g.text;
        word.x = Math.min(word.x, box.x);
        word.y = Math.min(word.y, box.y);
        word.right = Math.max(word.right, box.right);
        word.bottom = Math.max(word.bottom, box.bottom);
      } else {
        // Compressed punctuation leaves the blank part of its advance under what follows: a word ends where the next begins.
        if (word && !vertical && word.right > box.x) word.right = Math.max(word.x, box.x);
        if (word && vertical && word.bottom > box.y) word.bottom = Math.max(word.y, box.y);
        line.words.push({ content: g.text, ...box });
      }
      open = true;
    }
  }
  return line;
}
