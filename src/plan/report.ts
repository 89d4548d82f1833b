/** What `paiban plan` prints: each proposal with its score, term by term, and each article's frame and fit. */
import { fitStatus } from '../report/fit-report.js';
import type { PagePlan, ScoreTerms } from './plan.js';

const TERMS: [keyof ScoreTerms, (v: number) => string][] = [
  ['unused', (v) => `unused ${v.toFixed(2)} %`],
  ['overset', (v) => `overset ${v}`],
  ['headline', (v) => `headline ${v}`],
  ['photos', (v) => `photos ${v}`],
  ['alignment', (v) => `alignment ${v}`],
  ['reading', (v) => `reading order ${v}`],
  ['balance', (v) => `balance ${v.toFixed(2)}`],
];

export function formatPlan(plan: PagePlan): string {
  const page = plan.issue.pages[plan.pageIndex];
  const weights = plan.layout.makeup.weights;
  if (!plan.planned.length) return `p${page.spec.number}: nothing to lay out: the page has no articles but \`fixed\` ones`;
  if (!plan.proposals.length) return `p${page.spec.number}: no layout found for ${plan.planned.length} articles`;
  return plan.proposals
    .map((p, k) => {
      const head = `proposal ${k + 1}  score ${p.score.toFixed(1)}  ${TERMS.map(([t, show]) => `${show(p.terms[t])}${p.terms[t] && weights[t] !== 1 ? ` ×${weights[t]}` : ''}`).join('  ')}`;
      const rows = page.articles.map((a, i) => {
        const frame = p.frames[i];
        if (!frame) return `  ${a.spec.id}  kept`;
        const fit = p.fits[plan.planned.findIndex((x) => x.path === a.path)];
        return `  ${a.spec.id}  ${frame.map((r) => `c${r.columns.join('-')} l${r.lines.join('-')}`).join(' + ')}  ${fitStatus(fit)}`;
      });
      const width = Math.max(...rows.map((r) => r.split('  ')[1].length));
      return [head, ...rows.map((r) => r.replace(/^  (\S+)  /, (_, id: string) => `  ${id.padEnd(width)}  `))].join('\n');
    })
    .join('\n\n');
}

/** What a build says of a page it laid out by `makeup: auto`: the proposal it set, as plan shows it. */
export function formatMakeup(plan: PagePlan): string {
  return `p${plan.issue.pages[plan.pageIndex].spec.number} laid out by makeup: auto, plan's best proposal: ${formatPlan(plan).replace(/^proposal 1 {2}/, '')}`;
}
