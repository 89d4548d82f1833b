/**
 * The masthead (报头) of page 1: the paper's name, set in the style `masthead` or as the
 * layout's logo, in a block at the top left of the grid; beside it the date (公历, 星期, 农历),
 * 总第N期 and 今日N版, the CN number and 邮发代号, and the weather; a heavy rule under it all.
 */
import type { CompositionStore } from './typeset.js';
import type { DiagnosticList } from '../diagnostics.js';
import { gregorianDate, lunarDate, serialOn } from '../issue/calendar.js';
import type { Issue, Page } from '../issue/model.js';
import { style as styleOf } from '../layout/load-layout.js';
import type { Layout } from '../layout/model.js';
import { placeHeadline } from './headline.js';
import type { Furniture, PageModel, TextBlock } from './page-model.js';
import { placeLine, setText } from './typeset.js';

/** Weight of the rule under the masthead, in pt. */
const MASTHEAD_RULE = 2;

/** The lines beside the name, each a line of its own: what a masthead carries by the rules on publication form. */
export function mastheadLines(issue: Issue, page: Page, layout: Layout): string[] {
  const m = layout.masthead!;
  const given = page.spec.masthead === true ? {} : (page.spec.masthead ?? {});
  const { date, weekday } = gregorianDate(issue.spec.date);
  const serial = given.serial ?? (m.serial && serialOn(issue.spec.date, m.serial));
  return [
    `${date}　${weekday}`,
    `农历${lunarDate(issue.spec.date)}`,
    [serial && `总第${serial}期`, `今日${issue.pages.length}版`].filter(Boolean).join('　'),
    m.cn && `国内统一连续出版物号 ${m.cn}`,
    m.postalCode && `邮发代号 ${m.postalCode}`,
    given.weather,
  ].filter((line): line is string => !!line);
}

export function masthead(context: CompositionStore, issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): Furniture | null {
  if (!page.spec.masthead) return null;
  const m = layout.masthead;
  const where = issue.locate([...page.path, 'masthead']);
  if (!m) {
    diags.error(`the page asks for a masthead, and its layout ${layout.name} has none (give the layout a masthead section)`, where);
    return null;
  }
  const grid = layout.grid;
  const nameBlock = grid.rect(1, m.columns, 1, m.lines);
  const blocks: TextBlock[] = [];
  const art = m.logo ? [{ file: m.logo, kind: /\.pdf$/i.test(m.logo) ? ('pdf' as const) : ('image' as const), rect: nameBlock, source: m.source }] : [];
  if (!m.logo) {
    const s = layout.styles.get('masthead')!;
    const name = m.name ?? issue.spec.paper;
    const set = setText(context, name, s, nameBlock.width, diags, m.source.line ? m.source : where, { indent: 0, align: 'center' });
    if (set.lines.length > 1) diags.warn(`the paper's name "${name}" does not fit the masthead's ${m.columns} columns on one line`, where);
    blocks.push(...placeHeadline({ parts: [{ ...set, role: 'masthead_name' }], height: set.lines.length * s.size * s.leading }, nameBlock));
  }
  const info = styleOf(layout, 'masthead_info');
  const infoBlock = grid.rect(m.columns + 1, grid.columns, 1, m.lines);
  // The lines stand on the baseline grid, each on as many grid lines as its leading needs.
  const step = Math.max(1, Math.ceil((info.size * info.leading) / grid.pitch - 1e-9));
  let line = 1;
  for (const text of mastheadLines(issue, page, layout)) {
    const set = setText(context, text, info, infoBlock.width, diags, where, { indent: 0, align: 'left' });
    const lines = set.lines.map((l) => {
      const placed = placeLine(l, info, infoBlock.x, grid.baseline(line) + info.size - grid.bodySize);
      line += step;
      return placed;
    });
    blocks.push({ role: 'masthead_info', style: info.name, lines });
  }
  if (line - step > m.lines) diags.warn(`the masthead's date and numbers take ${line - step} grid lines, more than its ${m.lines}`, where);
  const ruleY = nameBlock.y + nameBlock.height + grid.pitch - grid.bodySize / 2;
  const full = grid.rect(1, grid.columns, 1, 1);
  const rule = { kind: 'rule' as const, x1: full.x, y1: ruleY, x2: full.x + full.width, y2: ruleY, lineWidth: MASTHEAD_RULE, color: [0, 0, 0, 1] as const };
  return { role: 'masthead', fills: [], art, blocks, rules: [rule] };
}

/**
 * What is wrong with a page's masthead by the rule on publication form that the paper's name
 * be the largest type on page 1: the name's size (a logo's: its height as drawn), against the
 * largest other type on the page. Undefined when the rule holds or the page has no masthead.
 */
export function mastheadSizeProblem(page: PageModel, logoHeight?: number): string | undefined {
  const head = page.furniture.find((f) => f.role === 'masthead');
  if (!head) return undefined;
  const nameRuns = head.blocks.filter((b) => b.role === 'masthead_name').flatMap((b) => b.lines.flatMap((l) => l.runs));
  const name = logoHeight ?? Math.max(0, ...nameRuns.map((r) => r.size));
  let largest: { size: number; text: string } | undefined;
  const consider = (blocks: readonly TextBlock[]) => {
    for (const b of blocks) {
      if (b.role === 'masthead_name') continue;
      for (const l of b.lines) for (const r of l.runs) if (!largest || r.size > largest.size) largest = { size: r.size, text: l.runs.flatMap((x) => x.glyphs.map((g) => g.text)).join('') };
    }
  };
  for (const f of page.furniture) consider(f.blocks);
  for (const a of page.articles) consider([...(a.headline?.blocks ?? []), ...a.copy, ...a.photos.flatMap((p) => p.captions)]);
  consider(page.ads.flatMap((ad) => (ad.label ? [ad.label] : [])));
  if (!largest || largest.size < name) return undefined;
  const what = logoHeight === undefined ? `the paper's name is set at ${+name.toFixed(2)} pt` : `the masthead's logo is drawn ${+name.toFixed(2)} pt high`;
  return `${what}, and "${largest.text.slice(0, 16)}" on page ${page.number} at ${+largest.size.toFixed(2)} pt: the paper's name must be the largest type on the page`;
}
