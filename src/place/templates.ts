/**
 * Page templates (版式模板) and the booking list: what is fixed on a page before the news.
 * A page that names one of its layout's templates gets the template's masthead, running head,
 * banner, rules and reserved advertisement slots, unless it gives its own; then each booked
 * advertisement goes to its page (or a page of its section): into a reserved slot of its size,
 * else into the free place nearest the corner it wishes, clear of the furniture, the other
 * advertisements and the stories' fixed frames. One that finds no place is an error saying why.
 */
import type { DiagnosticList } from '../diagnostics.js';
import type { AdSpec, Booking, GridRect, Issue, Page, PageSpec } from '../issue/model.js';
import type { Layout } from '../layout/model.js';
import { adSlot } from './ad.js';
import { inGrid, overlaps, type GridArea } from './grid-area.js';

/** A page template (版式模板) as the layout's schema admits it: page fields. */
type PageTemplate = Pick<PageSpec, 'masthead' | 'running_head' | 'banner' | 'rules' | 'ads'>;

/** The page's spec with its template's furniture, rules and reserved slots laid under it. */
export function applyTemplate(issue: Issue, page: Page, layout: Layout, diags: DiagnosticList): void {
  const name = page.spec.template;
  if (name === undefined) return;
  const t = layout.templates.get(name) as PageTemplate | undefined;
  if (!t) {
    const known = [...layout.templates.keys()];
    diags.error(`layout ${layout.name} has no page template "${name}"${known.length ? `; its templates are ${known.join(', ')}` : ''}`, issue.locate([...page.path, 'template']));
    return;
  }
  const own = page.spec.ads ?? [];
  const reserved = (t.ads ?? []).map((slot) => {
    const filling = own.find((ad) => ad.id === slot.id);
    return filling ? { ...slot, ...filling, columns: filling.columns ?? slot.columns, lines: filling.lines ?? slot.lines } : { ...slot };
  });
  for (const [k, ad] of own.entries()) {
    if (!reserved.some((slot) => slot.id === ad.id) && !ad.columns && !ad.at) {
      diags.error(`advertisement "${ad.id}" gives no slot, and template "${name}" reserves none of that id`, issue.locate([...page.path, 'ads', k]));
    }
  }
  page.spec = {
    ...page.spec,
    masthead: page.spec.masthead ?? t.masthead,
    running_head: page.spec.running_head ?? t.running_head,
    banner: page.spec.banner ?? t.banner,
    rules: [...(t.rules ?? []), ...(page.spec.rules ?? [])],
    ads: [...reserved, ...own.filter((ad) => !reserved.some((slot) => slot.id === ad.id))],
  };
}

/** What stands on a page before the news: masthead, banner, rules, advertisements and the stories' fixed frames. */
function takenAreas(issue: Issue, pageIndex: number, layout: Layout): GridArea[] {
  const page = issue.pages[pageIndex];
  const grid = layout.grid;
  const areas: GridArea[] = [];
  if (page.spec.masthead && layout.masthead) areas.push({ columns: [1, grid.columns], lines: [1, layout.masthead.lines] });
  if (page.spec.banner) areas.push({ columns: [1, grid.columns], lines: [1, page.spec.banner.lines ?? 6] });
  for (const rule of page.spec.rules ?? []) areas.push({ columns: rule.columns, lines: [rule.line, rule.line] });
  for (const ad of page.spec.ads ?? []) {
    const slot = adSlot(ad, grid);
    if (slot) areas.push(slot.area);
  }
  // Frames stand on their article's page unless a rectangle names another, and a rectangle without a page stays on the one before's.
  for (const p of issue.pages) {
    for (const a of p.articles) {
      if (!a.spec.frame) continue;
      let on = p.spec.number;
      for (const r of (Array.isArray(a.spec.frame) ? a.spec.frame : [a.spec.frame]) as GridRect[]) {
        on = r.page ?? on;
        if (on === page.spec.number) areas.push({ columns: r.columns, lines: r.lines });
      }
    }
  }
  return areas;
}

/** Places every booking of the issue on its page, as an advertisement of the page; `layouts[i]` is page i's. */
export function placeBookings(issue: Issue, layouts: readonly Layout[], diags: DiagnosticList): void {
  for (const booking of issue.bookings) {
    const size = `${booking.columns} column${booking.columns > 1 ? 's' : ''} × ${booking.lines} lines`;
    const candidates = issue.pages
      .map((page, index) => ({ page, index }))
      .filter(({ page }) => (booking.page === undefined || page.spec.number === booking.page) && (booking.section === undefined || page.spec.section === booking.section));
    if (!candidates.length) {
      diags.error(`booked advertisement "${booking.id}" wants ${booking.page !== undefined ? `page ${booking.page}` : ''}${booking.page !== undefined && booking.section ? ' in ' : ''}${booking.section ? `section ${booking.section}` : ''}, which the issue does not have`, booking.at);
      continue;
    }
    const placed = candidates.some(({ page, index }) => bookOn(issue, page, index, layouts[index], booking));
    if (!placed) {
      const where = candidates.map(({ page }) => page.spec.number).join(', ');
      diags.error(`booked advertisement "${booking.id}" (${size}) finds no place on page ${where}: no reserved slot of that size is free, and no free area of that size is left clear of the furniture, the other advertisements and the stories' frames`, booking.at);
    }
  }
}

/** Puts a booking on the page if it can: in a free reserved slot of its size, else nearest its corner. */
function bookOn(issue: Issue, page: Page, index: number, layout: Layout, booking: Booking): boolean {
  const grid = layout.grid;
  const ads = page.spec.ads ?? [];
  const free = ads.find((ad) => !ad.file && !page.adFiles.has(ad.id) && ad.columns && ad.lines && ad.columns[1] - ad.columns[0] + 1 === booking.columns && ad.lines[1] - ad.lines[0] + 1 === booking.lines);
  const take = (spec: AdSpec) => {
    page.spec = { ...page.spec, ads: free ? ads.map((ad) => (ad === free ? spec : ad)) : [...ads, spec] };
    page.adFiles.set(booking.id, booking.file);
    return true;
  };
  if (free) return take({ id: booking.id, file: booking.file, columns: free.columns, lines: free.lines });
  const taken = takenAreas(issue, index, layout);
  const position = booking.position ?? 'bottom-right';
  const [fromBottom, fromRight] = [position.startsWith('bottom'), position.endsWith('right')];
  const lines = Array.from({ length: grid.lines - booking.lines + 1 }, (_, i) => (fromBottom ? grid.lines - booking.lines + 1 - i : i + 1));
  const columns = Array.from({ length: grid.columns - booking.columns + 1 }, (_, i) => (fromRight ? grid.columns - booking.columns + 1 - i : i + 1));
  for (const line of lines) {
    for (const column of columns) {
      const area: GridArea = { columns: [column, column + booking.columns - 1], lines: [line, line + booking.lines - 1] };
      // A line of white between the advertisement and what stands above or below it.
      const margin: GridArea = { columns: area.columns, lines: [Math.max(1, line - 1), Math.min(grid.lines, area.lines[1] + 1)] };
      if (inGrid(grid, area) && !taken.some((t) => overlaps(t, margin))) return take({ id: booking.id, file: booking.file, columns: area.columns, lines: area.lines });
    }
  }
  return false;
}
