/**
 * A page's text as ALTO v4 (the layout-and-text format of digital newspaper archives), made
 * from the placed page itself rather than read back from the PDF: a TextBlock per article
 * (and per piece of page furniture), its lines and strings in reading order, with their
 * boxes in tenths of a millimetre on the PDF page (the trim with its bleed around it).
 */
import { EM_ASCENT } from '../layout/model.js';
import type { GlyphRun, PageFrame, RunGlyph } from '../place/page-frame.js';
import { xmlEscape } from '../pdf/emit.js';

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

/** A word: glyphs between word spaces (a Chinese line with no Latin words is one word). */
interface Word extends Box {
  content: string;
}

interface Line extends Box {
  words: Word[];
}

/** The text of one article, or of one kind of furniture (running head, banner). */
interface Block {
  article?: string;
  role: string;
  lines: Line[];
}

export interface AltoPage {
  /** The PDF the page belongs to, and the page's place in it (from 1). */
  pdfName: string;
  index: number;
  /** Title of each article on the page, by id, for the block's structure tag. */
  articleTitles: ReadonlyMap<string, string>;
}

/**
 * A gap wider than this (in em) is a word space, or the ¼ em between Han and Latin; justification
 * alone adds at most 0.15 em. Chinese runs on without spaces, so a Chinese line is one String.
 */
const WORD_SPACE = 0.2;
/** Runs on one baseline further apart than this (in em) are separate lines, e.g. the parts of a running head. */
const LINE_GAP = 1;

export function altoXml(page: PageFrame, meta: AltoPage): string {
  const blocks = textBlocks(page);
  const b = page.bleed;
  const id = `P${meta.index}`;
  const tagId = (article: string) => `${id}_A_${article}`;
  const articles = [...new Set(blocks.flatMap((bl) => (bl.article ? [bl.article] : [])))];
  const tags = articles.map((a) => `<StructureTag ID="${tagId(a)}" TYPE="article" LABEL="${xmlEscape(meta.articleTitles.get(a) ?? a)}"/>`);

  const boxAttrs = (box: Box) => `HPOS="${u(box.x + b)}" VPOS="${u(box.y + b)}" WIDTH="${span(box.x + b, box.right + b)}" HEIGHT="${span(box.y + b, box.bottom + b)}"`;
  const blockXml = (block: Block, n: number) => {
    const bid = `${id}_B${n + 1}`;
    const tagref = block.article ? ` TAGREFS="${tagId(block.article)}"` : '';
    const lines = block.lines.map((line, li) => {
      const lid = `${bid}_L${li + 1}`;
      const words = line.words.map((w, wi) => {
        const space = wi > 0 ? `<SP HPOS="${u(line.words[wi - 1].right + b)}" VPOS="${u(w.y + b)}" WIDTH="${span(line.words[wi - 1].right + b, w.x + b)}"/>` : '';
        return `${space}<String ID="${lid}_S${wi + 1}" CONTENT="${xmlEscape(w.content)}" ${boxAttrs(w)}/>`;
      });
      return `<TextLine ID="${lid}" ${boxAttrs(line)}>${words.join('')}</TextLine>`;
    });
    return `<TextBlock ID="${bid}"${tagref} ${boxAttrs(union(block.lines))}>\n${lines.join('\n')}\n</TextBlock>`;
  };
  // The running head stands above the type area, in ALTO's top margin; everything else is the print space.
  const top = blocks.filter((bl) => bl.role === 'running_head');
  const body = blocks.filter((bl) => bl.role !== 'running_head');
  const space = (name: string, list: Block[], offset: number) =>
    list.length ? `<${name} ID="${id}_${name}" ${boxAttrs(union(list.flatMap((bl) => bl.lines)))}>\n${list.map((bl, i) => blockXml(bl, offset + i)).join('\n')}\n</${name}>` : '';

  return `<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="${ALTO_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${ALTO_NS} ${ALTO_SCHEMA}" SCHEMAVERSION="4.4">
<Description>
<MeasurementUnit>mm10</MeasurementUnit>
<sourceImageInformation><fileName>${xmlEscape(meta.pdfName)}</fileName></sourceImageInformation>
<Processing ID="${id}_PROC"><processingCategory>contentGeneration</processingCategory><processingStepDescription>text and positions as typeset, not recognised</processingStepDescription><processingSoftware><softwareName>paiban</softwareName></processingSoftware></Processing>
</Description>
${tags.length ? `<Tags>\n${tags.join('\n')}\n</Tags>\n` : ''}<Layout>
<Page ID="${id}" PHYSICAL_IMG_NR="${meta.index}" PRINTED_IMG_NR="${page.number}" WIDTH="${u(page.width + 2 * b)}" HEIGHT="${u(page.height + 2 * b)}" LANG="zh-CN">
${[space('TopMargin', top, 0), space('PrintSpace', body, top.length)].filter(Boolean).join('\n')}
</Page>
</Layout>
</alto>
`;
}

/** The page's text runs, already in reading order, gathered into blocks, lines and words. */
function textBlocks(page: PageFrame): Block[] {
  const blocks = new Map<string, Block>();
  for (const item of page.items) {
    if (item.kind !== 'text' || !item.glyphs.length) continue;
    const key = item.article ?? item.role;
    let block = blocks.get(key);
    if (!block) {
      block = { article: item.article, role: item.role, lines: [] };
      blocks.set(key, block);
    }
    addRun(block, item);
  }
  return [...blocks.values()];
}

function addRun(block: Block, run: GlyphRun): void {
  const em = run.size * run.hScale;
  const top = run.baseline - EM_ASCENT * run.size;
  const glyphBox = (g: RunGlyph): Word => ({ content: g.text, x: g.x, y: top, right: g.x + g.advance * em, bottom: top + run.size });
  let line = block.lines.at(-1);
  const first = run.glyphs[0];
  // Runs continue a line on the same baseline; compressed punctuation may start a little inside the previous glyph's advance.
  const continues = line && Math.abs(line.bottom - (top + run.size)) < 0.01 && first.x > line.right - em && first.x - line.right < LINE_GAP * em;
  if (!line || !continues) {
    line = { ...glyphBox(first), words: [] };
    block.lines.push(line);
  }
  for (const g of run.glyphs) {
    const box = glyphBox(g);
    const word = line.words.at(-1);
    const spaced = word && g.x - word.right > WORD_SPACE * em;
    if (!word || spaced) line.words.push(box);
    else {
      word.content += g.text;
      word.right = Math.max(word.right, box.right);
    }
    line.right = Math.max(line.right, box.right);
  }
}
