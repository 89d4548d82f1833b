/**
 * What text changed on a page: from the page models when both sides were built here (the
 * article and the block — headline, paragraph, caption — where the text first differs), or else
 * from the text of the PDFs (the first line that differs).
 */
import type { PdfPage } from '../check/read-pdf.js';
import type { PageModel, PlacedArticle, TextBlock } from '../place/page-model.js';

export interface TextChange {
  /** The article's id, when the change is in one. */
  article?: string;
  /** Its title (headline), or what the text stands in: "running head", "line at y 412 pt". */
  where: string;
  /** The text around the first difference, before and after; empty for text added or removed whole. */
  before: string;
  after: string;
}

/** Characters shown before the first difference, and in all. */
const LEAD = 8;
const SHOWN = 30;

const blockText = (b: TextBlock) => b.lines.map((l) => l.runs.map((r) => r.glyphs.map((g) => (g.inserted ? '' : g.text)).join('')).join('')).join('');

const ROLE_NAMES: Record<string, string> = { list_item: 'list item', section_heading: 'section heading', section_subtitle: 'section subtitle', jump_line: 'jump line', continuation_headline: 'continuation headline', running_head: 'running head', page_info: 'page information' };

/** An article's text blocks in reading order, each named by its role and its place among blocks of that role ("paragraph 3"). */
function namedBlocks(blocks: readonly TextBlock[]): { name: string; text: string }[] {
  const counts = new Map<string, number>();
  return blocks.map((b) => {
    const n = (counts.get(b.role) ?? 0) + 1;
    counts.set(b.role, n);
    return { name: `${ROLE_NAMES[b.role] ?? b.role} ${n}`, text: blockText(b) };
  });
}

const articleBlocks = (a: PlacedArticle) => namedBlocks([...(a.headline?.blocks ?? []), ...a.copy, ...a.photos.flatMap((p) => p.captions)]);

/** The two texts around where they first differ. */
export function excerpt(before: string, after: string): { before: string; after: string } {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  const from = Math.max(0, p - LEAD);
  const cut = (s: string) => `${from ? '…' : ''}${s.slice(from, from + SHOWN)}${s.length > from + SHOWN ? '…' : ''}`;
  return { before: cut(before), after: cut(after) };
}

/** The first block that differs between two lists of named blocks, or a block added or removed. */
function firstDifference(before: readonly { name: string; text: string }[], after: readonly { name: string; text: string }[]): { name: string; before: string; after: string } | undefined {
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const b = before[i];
    const a = after[i];
    if (b && a && b.text === a.text) continue;
    return { name: (a ?? b)!.name, before: b?.text ?? '', after: a?.text ?? '' };
  }
  return undefined;
}

export function modelTextChanges(before: PageModel, after: PageModel): TextChange[] {
  const changes: TextChange[] = [];
  const furniture = firstDifference(namedBlocks(before.furniture.flatMap((f) => f.blocks)), namedBlocks(after.furniture.flatMap((f) => f.blocks)));
  if (furniture) changes.push({ where: furniture.name, ...excerpt(furniture.before, furniture.after) });
  const old = new Map(before.articles.map((a) => [a.id, a]));
  const ids = [...after.articles.map((a) => a.id), ...before.articles.filter((a) => !after.articles.some((n) => n.id === a.id)).map((a) => a.id)];
  for (const id of ids) {
    const a = after.articles.find((x) => x.id === id);
    const b = old.get(id);
    const title = (a ?? b)!.title;
    if (!a || !b) {
      changes.push({ article: id, where: `${title}: ${a ? 'added to the page' : 'gone from the page'}`, before: '', after: '' });
      continue;
    }
    const d = firstDifference(articleBlocks(b), articleBlocks(a));
    if (d) changes.push({ article: id, where: `${title}, ${d.name}`, ...excerpt(d.before, d.after) });
  }
  return changes;
}

/** The page's text as lines: runs on one baseline, in the order the file draws them, each with where it starts. */
function pdfLines(page: PdfPage): { x: number; y: number; text: string }[] {
  const lines: { x: number; y: number; text: string }[] = [];
  for (const run of page.runs) {
    const text = run.glyphs.map((g) => g.text).join('');
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - run.y) < 0.5) last.text += text;
    else lines.push({ x: run.glyphs[0].x, y: run.y, text });
  }
  return lines;
}

/**
 * The first line that differs between the two pages' text, and how many lines differ after it.
 * `articleAt` names the article a point of the new page (in points from its MediaBox's top-left) stands in, when the page model is known.
 */
export function pdfTextChanges(before: PdfPage, after: PdfPage, articleAt: (x: number, y: number) => PlacedArticle | undefined = () => undefined): TextChange[] {
  const b = pdfLines(before);
  const a = pdfLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start].text === b[start].text) start++;
  if (start === a.length && start === b.length) return [];
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end].text === b[b.length - 1 - end].text) end++;
  const changed = Math.max(a.length, b.length) - start - end;
  const line = a[start] ?? b[start];
  const article = articleAt(line.x, line.y);
  const where = `line at y ${Math.round(line.y)} pt${changed > 1 ? ` and ${changed - 1} more` : ''}`;
  return [{ ...(article && { article: article.id }), where: article ? `${article.title}, ${where}` : where, ...excerpt(b[start]?.text ?? '', a[start]?.text ?? '') }];
}
