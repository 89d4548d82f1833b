/**
 * Writing a chosen layout into the issue file, as the editor wrote it. The yaml package's
 * Document API finds each node and where it stands in the text; the text is then changed at
 * those places only: the numbers of a frame written as as many rectangles as the proposal's and
 * of the rules between stories change in place (git diff shows only numbers), an article placed
 * automatically gets a `frame:` line, a frame of another shape is written anew (one rectangle,
 * or a list of two for a stepped or L-shaped frame; of a story that jumps, only this page's part,
 * the rectangles on other pages kept), and a photo's `at` is dropped (plan
 * measured the photos where they read in the new frame) unless it stands across frames. Comments, spacing and quoting stay.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { InputError } from '../diagnostics.js';
import { writeFileAtomically } from '../files.js';
import { readIssueText } from '../source/yaml-source.js';
import { lineEndOf, withLfLineEnds } from '../source/decode-text.js';
import type { GridArea } from '../place/grid-area.js';
import type { PagePlan, Proposal } from './plan.js';

/** An edit the issue file cannot take, and why; `line` is where, from 1. */
export class EditRefused extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly file?: string,
  ) {
    super(`${file ? `${file}:${line}` : `line ${line}`}: ${reason}`);
  }
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** A replacement of the text between two offsets. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

const spanText = (s: readonly number[]) => `[${s[0]}, ${s[1]}]`;
const areaText = (f: GridArea) => `{ columns: ${spanText(f.columns)}, lines: ${spanText(f.lines)} }`;
const frameText = (f: readonly GridArea[]) => (f.length === 1 ? areaText(f[0]) : `[${f.map(areaText).join(', ')}]`);

/** Where a node's value ends in the text: before a comment, and before the line break that ends a block. */
export function valueEnd(text: string, node: Node): number {
  let p = node.range![1];
  while (p > node.range![0] && /\s/.test(text[p - 1])) p--;
  return p;
}

export type NodePair = Pair<Node, Node> & { key: Node; value: Node };

/** The pair of `key` in a map, if any. */
export const pairOf = (map: YAMLMap, key: string) => map.items.find((p) => isScalar(p.key) && p.key.value === key) as NodePair | undefined;

/** The end of the text's line where `at` stands (before its line break): after any comment on it. */
export function lineEnd(text: string, at: number): number {
  let p = at;
  while (p > 0 && /\s/.test(text[p - 1])) p--;
  const end = text.indexOf('\n', p);
  if (end < 0) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end; // a CR LF line break is one
}

/** The column of the map's first key: the indent of a new line in it. */
export function indentOf(text: string, map: YAMLMap): string {
  const start = (map.items[0].key as Node).range![0];
  return ' '.repeat(start - text.lastIndexOf('\n', start - 1) - 1);
}

/** Sets the numbers of a sequence of two scalars in place, or writes the span anew. */
export function setSpan(text: string, edits: Edit[], pair: NodePair, span: readonly number[]): void {
  const seq = pair.value;
  if (isSeq(seq) && seq.items.length === 2 && seq.items.every(isScalar)) {
    seq.items.forEach((item, i) => {
      const r = (item as Node).range!;
      if ((item as { value: unknown }).value !== span[i]) edits.push({ start: r[0], end: r[1], text: String(span[i]) });
    });
  } else edits.push({ start: (pair.key as Node).range![1], end: valueEnd(text, seq), text: `: ${spanText(span)}` });
}

/** Adds a pair to a map: after its last in a flow map, on a line of its own after its first (an article's id) in a block map. */
export function addPair(text: string, edits: Edit[], map: YAMLMap, pair: string): void {
  if (map.flow) {
    const at = valueEnd(text, map.items.at(-1)!.value as Node);
    edits.push({ start: at, end: at, text: `, ${pair}` });
    return;
  }
  const at = lineEnd(text, valueEnd(text, map.items[0].value as Node));
  edits.push({ start: at, end: at, text: `\n${indentOf(text, map)}${pair}` });
}

/** Removes a pair: from the item before it in a flow map, or its whole lines in a block map. */
function removePair(text: string, edits: Edit[], map: YAMLMap, pair: NodePair): void {
  const k = map.items.indexOf(pair);
  if (map.flow) {
    const start = k > 0 ? valueEnd(text, map.items[k - 1].value as Node) : pair.key.range![0];
    const end = k > 0 ? valueEnd(text, pair.value) : (map.items[k + 1]?.key as Node | undefined)?.range![0] ?? valueEnd(text, pair.value);
    edits.push({ start, end, text: '' });
    return;
  }
  const start = text.lastIndexOf('\n', (pair.key as Node).range![0] - 1) + 1;
  const end = text.indexOf('\n', valueEnd(text, pair.value));
  edits.push({ start, end: end < 0 ? text.length : end + 1, text: '' });
}

/** The issue file's text with the proposal's frames and rules written into its page. */
export function withProposal(fileText: string, pageIndex: number, proposal: Proposal): string {
  const text = withLfLineEnds(fileText);
  const doc = parseDocument(text, { keepSourceTokens: false });
  const articles = doc.getIn(['pages', pageIndex, 'articles'], true);
  const page = doc.getIn(['pages', pageIndex], true);
  if (!isSeq(articles) || !isMap(page)) throw new Error('the page has no articles');
  const edits: Edit[] = [];
  proposal.frames.forEach((frame, k) => {
    const article = articles.items[k];
    if (!frame || !isMap(article)) return;
    const pair = pairOf(article, 'frame');
    // Rectangles written as the proposal's are, one for one: their numbers change in place.
    const written = !pair ? [] : isMap(pair.value) ? [pair.value] : isSeq(pair.value) ? pair.value.items : [];
    // A story that jumps: the rectangles from the first with a `page` on stand on other pages and stay.
    const jump = written.findIndex((r) => isMap(r) && pairOf(r, 'page'));
    const here = jump < 0 ? written : written.slice(0, jump);
    const spans = here.map((r) => (isMap(r) ? [pairOf(r, 'columns'), pairOf(r, 'lines')] : []));
    if (here.length === frame.length && spans.every(([columns, lines]) => columns && lines)) {
      spans.forEach(([columns, lines], i) => {
        setSpan(text, edits, columns!, frame[i].columns);
        setSpan(text, edits, lines!, frame[i].lines);
      });
      return;
    }
    if (jump >= 0) {
      const [first, last] = [here[0], here.at(-1)] as (Node | undefined)[];
      if (!first || !last) throw new EditRefused(`the frame of ${String(article.get('id'))} has no rectangle on this page before the part with \`page\`; write this page's part first`, lineOf(text, pair!.key.range![0]));
      // Each rectangle an item of its own: after a `- ` of the same indent in a block list.
      const dash = text.slice(text.lastIndexOf('\n', first.range![0] - 1) + 1, first.range![0]);
      const between = (pair!.value as { flow?: boolean }).flow || !/^ *- +$/.test(dash) ? ', ' : `\n${dash}`;
      edits.push({ start: first.range![0], end: valueEnd(text, last), text: frame.map(areaText).join(between) });
      return;
    }
    if (pair) edits.push({ start: (pair.key as Node).range![1], end: valueEnd(text, pair.value), text: `: ${frameText(frame)}` });
    else addPair(text, edits, article, `frame: ${frameText(frame)}`);
  });
  // A headline the short page lets give (the article said nothing of its elastic).
  proposal.elastic.forEach((elastic, k) => {
    const article = articles.items[k];
    if (elastic && isMap(article) && !pairOf(article, 'elastic')) addPair(text, edits, article, `elastic: { ${Object.entries(elastic).map(([key, span]) => `${key}: ${spanText(span)}`).join(', ')} }`);
  });
  // Photos stand where they read in the new frame (plan measured them so); one across frames stays where it stands on the page.
  proposal.frames.forEach((frame, k) => {
    const article = articles.items[k];
    const photos = frame && isMap(article) ? pairOf(article, 'photos')?.value : undefined;
    if (!isSeq(photos)) return;
    for (const photo of photos.items) {
      const at = isMap(photo) && photo.get('across') !== true ? pairOf(photo, 'at') : undefined;
      if (at) removePair(text, edits, photo as YAMLMap, at);
    }
  });

  const rules = pairOf(page, 'rules');
  const wanted = proposal.rules;
  const ruleLines = (indent: string) => wanted.map((r) => `\n${indent}  - { columns: ${spanText(r.columns)}, line: ${r.line} }`).join('');
  if (rules && isSeq(rules.value) && rules.value.items.length === wanted.length && rules.value.items.every(isMap)) {
    rules.value.items.forEach((rule, i) => {
      const map = rule as YAMLMap;
      const columns = pairOf(map, 'columns');
      const line = pairOf(map, 'line');
      if (columns) setSpan(text, edits, columns, wanted[i].columns);
      if (line && isScalar(line.value) && line.value.value !== wanted[i].line) edits.push({ start: line.value.range![0], end: line.value.range![1], text: String(wanted[i].line) });
    });
  } else if (rules) {
    if (wanted.length) edits.push({ start: (rules.key as Node).range![1], end: valueEnd(text, rules.value), text: `:${ruleLines(indentOf(text, page))}` });
    else removePair(text, edits, page, rules);
  } else if (wanted.length) {
    const at = lineEnd(text, valueEnd(text, page));
    edits.push({ start: at, end: at, text: `\n${indentOf(text, page)}rules:${ruleLines(indentOf(text, page))}` });
  }

  refuseSharedEdits(doc, text, edits);
  return applyEdits(fileText, edits);
}

/**
 * Refuses edits that would change a node the file shares by an anchor (`lines: &L [94, 120]`,
 * elsewhere `lines: *L`): changed in place, it would move the story that uses the alias too,
 * unseen and unchecked.
 */
export function refuseSharedEdits(doc: Document, text: string, edits: readonly Edit[]): void {
  const aliased = new Set<string>();
  visit(doc, { Alias: (_, alias) => void aliased.add(alias.source) });
  if (!aliased.size) return;
  visit(doc, (_, node) => {
    if (!isNode(node) || isAlias(node) || !node.anchor || !aliased.has(node.anchor) || !node.range) return;
    const [start, end] = node.range;
    // A replacement over the node, or an insertion into it.
    const hit = edits.find((e) => (e.start === e.end ? start < e.start && e.start <= end : e.start < end && e.end > start));
    if (hit) {
      const line = lineOf(text, Math.min(hit.start, start));
      throw new EditRefused(`the value anchored as &${node.anchor} is also used elsewhere as *${node.anchor}: changing it would move that story too; write the value out in full instead of the alias first`, line);
    }
  });
}

/**
 * The file's text with the edits made (found in its text with LF line ends), from the last to the
 * first so that each offset still holds; new lines end as the file's do.
 */
export function applyEdits(fileText: string, edits: Edit[]): string {
  const eol = lineEndOf(fileText);
  let out = fileText;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.text.replaceAll('\n', eol) + out.slice(e.end);
  return out;
}

/** Writes proposal `k` (from 1) of the plan into its issue file. */
export function writeProposal(plan: PagePlan, k: number): void {
  const proposal = plan.proposals[k - 1];
  if (!proposal) throw new Error(`there is no proposal ${k}; plan shows ${plan.proposals.length}`);
  const read = readIssueText(plan.issue.file);
  if (!('text' in read)) throw new InputError([{ severity: 'error', message: `${read.reason}: nothing was written`, file: plan.issue.file }]);
  let text: string;
  try {
    text = withProposal(read.text, plan.pageIndex, proposal);
  } catch (e) {
    // Named by file and line, for the editor to open.
    if (e instanceof EditRefused) throw new EditRefused(e.reason, e.line, plan.issue.file);
    throw e;
  }
  writeFileAtomically(plan.issue.file, text);
}
