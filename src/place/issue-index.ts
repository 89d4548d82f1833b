/**
 * The index (导读): the copy of an article with `contents: index`, made from the articles that
 * have an index title (`index: 短标题`), an entry each, in page order, each naming the page the
 * article stands on now — so that the numbers follow when pages are renumbered or articles move.
 */
import type { CopyBlock, Issue } from '../issue/model.js';
import type { Layout } from '../layout/model.js';
import { jumpText } from './jump.js';

/** The entries of the issue's index, as paragraphs set in the index article's style, worded by the layout. */
export function indexCopy(issue: Issue, layout: Layout): CopyBlock[] {
  const entries = issue.pages
    .flatMap((page, order) => page.articles.filter((a) => a.spec.index).map((a) => ({ title: a.spec.index!, page: page.spec, order })))
    .sort((a, b) => a.page.number - b.page.number || a.order - b.order);
  // The page's fields are those of a jump line ({page}, {page_cn}, {section}); the title goes in as written.
  return entries.map((e, line) => ({
    kind: 'paragraph',
    text: layout.indexEntry.split('{title}').map((piece) => jumpText(piece, e.page)).join(e.title),
    line,
    indent: 0,
  }));
}
