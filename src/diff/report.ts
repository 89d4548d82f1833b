/** The diff's report as Markdown, for a pull-request comment: a table of the pages, then each changed page with its image. */
import type { DiffReport, PageDiff } from './diff.js';
import { counted } from '../wording.js';

const pt = (n: number) => Math.round(n);
const quote = (s: string) => (s ? `“${s.replace(/\|/g, '\\|')}”` : '—');

function where(p: PageDiff): string {
  return p.regions.map((r) => r.grid ?? `x ${pt(r.rect.x)}–${pt(r.rect.x + r.rect.width)} pt, y ${pt(r.rect.y)}–${pt(r.rect.y + r.rect.height)} pt`).join('; ');
}

const textLine = (t: PageDiff['text'][number]) => (t.before || t.after ? `${t.where}: ${quote(t.before)} → ${quote(t.after)}` : t.where);

export function summary(r: DiffReport): string {
  const count = (status: PageDiff['status']) => r.pages.filter((p) => p.status === status).length;
  const parts = [`${counted(count('changed'), 'page')} changed`, `${count('added')} added`, `${count('removed')} removed`, `${count('unchanged')} unchanged`];
  return r.changed ? parts.join(', ') : `no change (${counted(r.pages.length, 'page')})`;
}

export function markdownReport(r: DiffReport): string {
  const out = [`## paiban diff: ${summary(r)}`, '', `\`${r.base}\` → \`${r.new}\``, ''];
  const shown = r.pages.filter((p) => p.status !== 'unchanged');
  if (shown.length) {
    out.push('| page | status | where | text |', '|---|---|---|---|');
    for (const p of shown) out.push(`| ${p.page} | ${p.status} | ${where(p) || '—'} | ${p.text.map(textLine).join('<br>') || '—'} |`);
    out.push('');
  }
  for (const p of shown.filter((x) => x.image)) {
    out.push(`### Page ${p.page}`, '', `![page ${p.page}, before and after](${p.image})`, '');
    for (const region of p.regions) {
      const rect = region.rect;
      out.push(`- ${region.grid ? `${region.grid}: ` : ''}x ${pt(rect.x)}–${pt(rect.x + rect.width)} pt, y ${pt(rect.y)}–${pt(rect.y + rect.height)} pt`);
    }
    for (const t of p.text) out.push(`- ${textLine(t)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** One line per page that is not unchanged, for the terminal. */
export function textReport(r: DiffReport): string {
  const lines = r.pages.filter((p) => p.status !== 'unchanged').map((p) => [`p${p.page}  ${p.status}${p.regions.length ? `  ${where(p)}` : ''}`, ...p.text.map((t) => `    ${textLine(t)}`)].join('\n'));
  return [...lines, summary(r)].join('\n');
}
