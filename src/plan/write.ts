/**
 * Writing a chosen layout into the issue file, as the editor wrote it: the yaml package's
 * Document API changes the numbers of each frame in place (a frame written as one rectangle
 * keeps its form, so git diff shows only numbers), gives a frame to an article placed
 * automatically, and puts the rules between stacked stories; comments and the rest stay.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { writeFileAtomically } from '../files.js';
import type { GridArea } from '../place/grid-area.js';
import type { PagePlan, Proposal } from './plan.js';

/** Sets the numbers of a sequence of scalars in place where it has as many, else replaces it with a flow sequence. */
function setNumbers(doc: Document, map: YAMLMap, key: string, values: readonly number[]): void {
  const node = map.get(key, true);
  if (isSeq(node) && node.items.length === values.length && node.items.every(isScalar)) {
    node.items.forEach((item, i) => {
      if (isScalar(item)) item.value = values[i];
    });
    return;
  }
  const seq = doc.createNode([...values]);
  seq.flow = true;
  map.set(key, seq);
}

/** A frame in the issue file: the single rectangle there updated in place, or a new `{ columns, lines }`. */
function setFrame(doc: Document, article: YAMLMap, frame: GridArea): void {
  const node = article.get('frame', true);
  if (isMap(node) && !node.has('page')) {
    setNumbers(doc, node, 'columns', frame.columns);
    setNumbers(doc, node, 'lines', frame.lines);
    return;
  }
  const map = doc.createNode({ columns: [...frame.columns], lines: [...frame.lines] }) as YAMLMap;
  map.flow = true;
  article.set('frame', map);
}

/** The issue file's text with the proposal's frames and rules written into its page. */
export function withProposal(text: string, pageIndex: number, proposal: Proposal): string {
  const doc = parseDocument(text);
  const articles = doc.getIn(['pages', pageIndex, 'articles'], true);
  if (!isSeq(articles)) throw new Error('the page has no articles');
  proposal.frames.forEach((frame, k) => {
    const article = articles.items[k];
    if (!frame || !isMap(article)) return;
    setFrame(doc, article, frame);
    // Photos stand where they read in the new frame (plan measured them so).
    const photos = article.get('photos', true);
    if (isSeq(photos)) for (const photo of photos.items) if (isMap(photo)) photo.delete('at');
  });
  const page = doc.getIn(['pages', pageIndex], true) as YAMLMap;
  const rules = page.get('rules', true);
  const wanted = proposal.rules;
  if (isSeq(rules) && rules.items.length === wanted.length && rules.items.every(isMap)) {
    rules.items.forEach((rule, i) => {
      if (!isMap(rule)) return;
      setNumbers(doc, rule, 'columns', wanted[i].columns);
      const line = rule.get('line', true);
      if (isScalar(line)) line.value = wanted[i].line;
      else rule.set('line', wanted[i].line);
    });
  } else if (wanted.length) {
    const seq = doc.createNode(wanted.map((r) => ({ columns: [...r.columns], line: r.line })));
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
    page.set('rules', seq);
  } else if (rules) page.delete('rules');
  return doc.toString({ lineWidth: 0 });
}

/** Writes proposal `k` (from 1) of the plan into its issue file. */
export function writeProposal(plan: PagePlan, k: number): void {
  const proposal = plan.proposals[k - 1];
  if (!proposal) throw new Error(`there is no proposal ${k}; plan shows ${plan.proposals.length}`);
  writeFileAtomically(plan.issue.file, withProposal(readFileSync(plan.issue.file, 'utf8'), plan.pageIndex, proposal));
}
