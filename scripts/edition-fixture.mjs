// A 16-page edition made from the project's own copy, for `npm run bench` and the tests of
// rebuilds at edition size: the evening edition's four pages (issues/evening-edition) set
// `copies` times, numbered on (1–4, 5–8, …), every article and photo id given the copy's
// number, and each lead jumping from the copy's first page to its third as in the sample. So
// that no two copies compose alike, copy k has every plain paragraph of its copy files
// turned by k characters (the same characters, in another order), and its page-1 briefs
// take their text from the 红岩周刊 sample. Written into `dir`; nothing is kept in the repository.
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const evening = join(root, 'issues/evening-edition');
const hongyan = join(root, 'issues/hongyan-weekly');

/**
 * A plain paragraph (not a heading, a heading's subtitle, a list item, an indented line or a
 * ::: line) turned by k characters; in a paragraph with styles (**…**, […]{.name}) only the text
 * after the last of them, so that the markup stays whole.
 */
const turn = (line, k) => {
  if (!k || !line.trim() || /^(#|——|　|\s|\d|[一二三四五六七八九十]+、|（|\(|[①-⑳■●•◆]|:::)/.test(line)) return line;
  const styled = /^(.*(?:\*\*|\]\{\.[\w-]+\}))(.+)$/.exec(line);
  if (styled) return styled[1] + turn(styled[2], k);
  const chars = [...line];
  const n = k % chars.length;
  return [...chars.slice(n), ...chars.slice(0, n)].join('');
};

/** Writes the edition into `dir` (its issue file is `dir/issue.yaml`) and returns that path. */
export function makeEdition(dir, { copies = 4 } = {}) {
  const spec = parse(readFileSync(join(evening, 'issue.yaml'), 'utf8'));
  const hongyanParagraphs = readFileSync(join(hongyan, 'main.md'), 'utf8')
    .split('\n')
    .filter((p) => p.trim() && !/^(#|——)/.test(p));
  // The copy, the paper's layout and the advertisements.
  for (const f of readdirSync(evening)) if (f.endsWith('.md') || (f.endsWith('.yaml') && f !== 'issue.yaml') || f === 'ads') cpSync(join(evening, f), join(dir, f), { recursive: true });
  const pages = [];
  for (let k = 0; k < copies; k++) {
    for (const page of spec.pages) {
      const p = structuredClone(page);
      p.number += 4 * k;
      for (const a of p.articles) {
        a.id = k ? `${a.id}-${k + 1}` : a.id;
        for (const photo of a.photos ?? []) photo.id = k ? `${photo.id}-${k + 1}` : photo.id;
        if (Array.isArray(a.frame)) for (const r of a.frame) if (r.page !== undefined) r.page += 4 * k;
        if (k && a.body_file) {
          const text = readFileSync(join(evening, a.body_file), 'utf8');
          const file = a.body_file.replace(/\.md$/, `-${k + 1}.md`);
          const brief = a.id.startsWith('brief-');
          const body = brief
            ? hongyanParagraphs.slice(k * 2, k * 2 + 1).map((t) => t.slice(0, 120)).join('\n') + '\n'
            : text.split('\n').map((l) => turn(l, k)).join('\n');
          writeFileSync(join(dir, file), body);
          a.body_file = file;
        }
      }
      pages.push(p);
    }
  }
  spec.pages = pages;
  spec.name = 'edition-16';
  // Each copy's page 1 has its template's advertisement slots: the same advertisements booked for each.
  const [header, ...rows] = readFileSync(join(evening, spec.bookings), 'utf8').trim().split('\n');
  const booked = Array.from({ length: copies }, (_, k) => rows.map((row) => row.replace(/^([^,]+),((?:[^,]*,){2}[^,]*),1,/, (_, id, middle) => `${k ? `${id}-${k + 1}` : id},${middle},${1 + 4 * k},`)));
  writeFileSync(join(dir, spec.bookings), [header, ...booked.flat(), ''].join('\n'));
  const file = join(dir, 'issue.yaml');
  writeFileSync(file, stringify(spec));
  return file;
}
