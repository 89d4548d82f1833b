/** Page furniture: the running head (报眉), the section banner (版头) and rules between stories. */
import type { CompositionStore } from './typeset.js';
import type { DiagnosticList } from '../diagnostics.js';
import type { Issue, Page } from '../issue/model.js';
import { gregorianDate } from '../issue/calendar.js';
import { issueColor, style as styleOf } from '../layout/load-layout.js';
import type { Layout } from '../layout/model.js';
import { inGrid } from './grid-area.js';
import { placeHeadline } from './headline.js';
import type { Furniture, RuleShape, TextBlock } from './page-model.js';
import { placeLine, setText } from './typeset.js';

/** 报眉: page number, date and weekday, paper and section, editors, over a hairline above the type area. */
export function runningHead(context: CompositionStore, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): Furniture | null {
  const rh = page.spec.running_head;
  // A page with a masthead has none unless it asks.
  if (rh === false || (page.spec.masthead && rh === undefined)) return null;
  const grid = layout.grid;
  const s = styleOf(layout, 'running_head');
  const printed = gregorianDate(issue.spec.date);
  const dateText = rh?.date ?? printed.date;
  const weekday = rh?.weekday ?? printed.weekday;
  const paper = rh?.paper ?? issue.spec.paper;
  const section = rh?.section ?? page.spec.section ?? issue.spec.edition ?? '';
  const editors = [rh?.editor && `责任编辑 ${rh.editor}`, rh?.art_editor && `美术编辑 ${rh.art_editor}`].filter(Boolean).join('　');
  // On the baseline grid carried up above the type area, a grid line left free under the rule.
  const baseline = grid.baseline(-1);
  const ruleY = baseline + 0.45 * grid.pitch;
  const even = page.spec.number % 2 === 0;
  const parts: [string, 'left' | 'center' | 'right'][] = [
    [`${even ? `${page.spec.number}　` : ''}${dateText}　${weekday}`, 'left'],
    [`${paper}　${section}`.trim(), 'center'],
    [`${editors}${even ? '' : `　${page.spec.number}`}`.trim(), 'right'],
  ];
  const blocks: TextBlock[] = [];
  const where = issue.locate([...page.path, 'running_head']);
  for (const [text, align] of parts) {
    if (!text) continue;
    // Each part gets a third of the width, so that the three never overlap.
    const set = setText(context, text, s, grid.width / 3, diags, where, { indent: 0, align });
    if (set.lines.length > 1) diags.warn(`running head "${text}" is wider than a third of the page; it is set on ${set.lines.length} lines`, where);
    const x = grid.left + (align === 'left' ? 0 : align === 'center' ? grid.width / 3 : (2 * grid.width) / 3);
    const lines = set.lines.map((line, i) => placeLine(line, s, x, baseline - (set.lines.length - 1 - i) * s.size * s.leading));
    blocks.push({ role: 'running_head', style: s.name, lines });
  }
  const rule: RuleShape = { kind: 'rule', x1: grid.left, y1: ruleY, x2: grid.left + grid.width, y2: ruleY, lineWidth: 0.5, color: [0, 0, 0, 1] };
  return { role: 'running_head', fills: [], blocks, rules: [rule] };
}

/** The section banner: the title reversed out of a colour block, and a heavy rule across the page. */
export function banner(context: CompositionStore, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): Furniture | null {
  const banner = page.spec.banner;
  if (!banner) return null;
  const grid = layout.grid;
  const s = styleOf(layout, 'banner');
  const colour = layout.colors.get('banner') ?? [0, 1, 1, 0.1];
  const block = grid.rect(1, Math.min(banner.columns ?? 2, grid.columns), 1, banner.lines ?? 6);
  const set = setText(context, banner.title, s, block.width, diags, issue.locate([...page.path, 'banner', 'title']), { indent: 0, align: 'center' });
  const full = grid.rect(1, grid.columns, 1, 1);
  const ruleY = block.y + block.height - 1.5;
  return {
    role: 'banner',
    fills: [{ kind: 'rect', rect: block, fill: colour }],
    blocks: placeHeadline({ parts: [{ ...set, role: 'banner' }], height: set.lines.length * s.size * s.leading }, block),
    rules: [{ kind: 'rule', x1: block.x + block.width, y1: ruleY, x2: full.x + full.width, y2: ruleY, lineWidth: 3, color: colour }],
  };
}

/** Rules between stories, each through the middle of an empty grid line. */
export function storyRules(issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): RuleShape[] {
  const grid = layout.grid;
  const items: RuleShape[] = [];
  for (const [i, rule] of (page.spec.rules ?? []).entries()) {
    if (!inGrid(grid, { columns: rule.columns, lines: [rule.line, rule.line] })) {
      diags.error('rule lies outside the page grid', issue.locate([...page.path, 'rules', i]));
      continue;
    }
    const r = grid.rect(rule.columns[0], rule.columns[1], rule.line, rule.line);
    const y = r.y + grid.bodySize / 2;
    const color = rule.color === undefined ? { color: [0, 0, 0, 1] as const } : issueColor(layout, rule.color);
    if ('problem' in color) diags.error(color.problem, issue.locate([...page.path, 'rules', i, 'color']));
    else items.push({ kind: 'rule', x1: r.x, y1: y, x2: r.x + r.width, y2: y, lineWidth: rule.weight ?? 0.75, color: color.color });
  }
  return items;
}

/**
 * With printer's marks: a line in the slug above the trim naming the paper, date, page and
 * section, so that a plate or proof can be told from its neighbours.
 */
export function pageInfoLine(context: CompositionStore, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): Furniture | undefined {
  if (!layout.print.marks) return undefined;
  const s = styleOf(layout, 'running_head');
  const small = { ...s, size: 6 };
  const text = [issue.spec.paper, issue.spec.date, `第${page.spec.number}版`, page.spec.section ?? issue.spec.edition ?? ''].filter(Boolean).join('　');
  const set = setText(context, text, small, layout.grid.pageWidth / 2, diags, issue.locate(page.path), { indent: 0, align: 'left' });
  // Clear of the crop marks (which start 3 pt outside the bleed and run 20 pt).
  const line = placeLine(set.lines[0], small, 30, -(layout.grid.bleed + 8));
  return { role: 'page_info', fills: [], blocks: [{ role: 'page_info', style: s.name, lines: [line] }], rules: [] };
}
