// npm run bench:makeup — automatic page makeup on the committed set of generated pages
// (bench/makeup/page-NN.yaml, made by scripts/makeup-fixture.mjs; `--generate N` writes N of
// them again): for each page, `plan` proposes layouts, the best is written into a copy of the
// issue file, and the copy is built as `build` builds it. Reports per page and for the set:
// pages with no overlap and no overset, unused type area (median, worst), time per page; then
// the same for a tabloid page whose lead has tables across columns (bench/makeup-tables) and
// the 红岩周刊 page.
// `--issue FILE --page N` runs one issue's page instead (the 红岩周刊 sample's articles).
// `--headlines-give` lets every article's headline be set in one line or two (`elastic:
// { headline_lines: [1, 2] }`, as an elastic template says), the pages otherwise as committed.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { composeIssue } from '../dist/build.js';
import { BuildContext } from '../dist/context.js';
import { planPage } from '../dist/plan/plan.js';
import { formatPlan } from '../dist/plan/report.js';
import { writeProposal } from '../dist/plan/write.js';
import { parseDocument } from 'yaml';
import { makePage } from './makeup-fixture.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const set = process.env.MAKEUP_SET ?? join(root, 'bench/makeup');
const { values } = parseArgs({ options: { generate: { type: 'string' }, issue: { type: 'string' }, page: { type: 'string' }, keep: { type: 'string' }, 'headlines-give': { type: 'boolean' } } });

if (values.generate) {
  mkdirSync(set, { recursive: true });
  for (let k = 1; k <= Number(values.generate); k++) writeFileSync(join(set, `page-${String(k).padStart(2, '0')}.yaml`), makePage(k));
  console.log(`wrote ${values.generate} pages into ${set}`);
  process.exit(0);
}

const overlaps = (a, b) => a.columns[0] <= b.columns[1] && b.columns[0] <= a.columns[1] && a.lines[0] <= b.lines[1] && b.lines[0] <= a.lines[1];

/** Plans the page, writes the best proposal into a copy and builds it; the figures of the page. */
function run(file, pageNumber, context) {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-makeup-'));
  try {
    cpSync(dirname(file), dir, { recursive: true, filter: (f) => !f.includes('/out') });
    const copy = join(dir, basename(file));
    if (values['headlines-give']) writeFileSync(copy, headlinesGiving(readFileSync(copy, 'utf8')));
    const start = performance.now();
    const cpu = process.cpuUsage();
    const plan = planPage(copy, pageNumber, { context });
    const ms = performance.now() - start;
    const cpuMs = process.cpuUsage(cpu).user / 1000;
    if (!plan.proposals.length) return { file, ms, cpuMs, found: false };
    writeProposal(plan, 1);
    const { pages } = composeIssue(copy, { context });
    const page = pages.find((p) => p.number === pageNumber);
    const frames = page.articles.flatMap((a) => a.fit.frame);
    const overlap = frames.some((a, i) => frames.some((b, j) => j > i && overlaps(a, b)));
    const overset = page.articles.reduce((n, a) => n + a.fit.overflowLines, 0);
    if (values.keep) cpSync(dir, join(values.keep, basename(file, '.yaml')), { recursive: true });
    return { file, ms, cpuMs, found: true, overlap, overset, unused: plan.proposals[0].terms.unused, proposal: plan.proposals[0], plan };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The issue file's text with every article that has a headline and is not fixed allowed to set it in one line or two. */
function headlinesGiving(text) {
  const doc = parseDocument(text);
  for (const page of doc.get('pages').items) {
    for (const article of page.get('articles').items) if (article.get('headline') && !article.get('fixed')) article.set('elastic', { headline_lines: [1, 2] });
  }
  return doc.toString({ lineWidth: 0 });
}

const context = new BuildContext();
const runs = values.issue ? [run(values.issue, Number(values.page), context)] : readdirSync(set).filter((f) => f.endsWith('.yaml')).sort().map((f) => run(join(set, f), pageOf(join(set, f)), context));

function pageOf(file) {
  const text = readFileSync(file, 'utf8');
  return Number(/number: (\d+)/.exec(text)[1]);
}

const report = (r) => {
  const status = !r.found ? 'no layout found' : `${r.overlap ? 'OVERLAP' : 'no overlap'}, overset ${r.overset}, unused ${r.unused.toFixed(2)} %`;
  console.log(`${basename(r.file).padEnd(14)} ${status.padEnd(44)} ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s)`);
};
runs.forEach(report);
const found = runs.filter((r) => r.found);
const clean = found.filter((r) => !r.overlap && r.overset === 0);
const unused = found.map((r) => r.unused).sort((a, b) => a - b);
const times = runs.map((r) => r.ms).sort((a, b) => a - b);
const cpus = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
const median = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
console.log(`\n${runs.length} pages: ${clean.length} (${((100 * clean.length) / runs.length).toFixed(0)} %) with no overlap and no overset`);
if (unused.length) console.log(`unused type area: median ${median(unused).toFixed(2)} %, worst ${unused.at(-1).toFixed(2)} %`);
console.log(`time per page (plan): median ${(median(times) / 1000).toFixed(2)} s, worst ${(times.at(-1) / 1000).toFixed(2)} s; CPU median ${(median(cpus) / 1000).toFixed(2)} s, worst ${(cpus.at(-1) / 1000).toFixed(2)} s`);

// A tabloid page whose lead has tables across columns, and the 红岩周刊 page's articles: as printed
// (photos at their sizes), and with the photos allowed to give.
if (!values.issue && !process.env.MAKEUP_SET) {
  console.log('\na tabloid page whose lead has two tables across columns (bench/makeup-tables)');
  const tables = run(join(root, 'bench/makeup-tables/issue.yaml'), 3, context);
  report(tables);
  console.log(formatPlan({ ...tables.plan, proposals: [tables.proposal] }));

  console.log('\nthe 红岩周刊 page, plan against the printed layout');
  for (const file of [join(root, 'issues/hongyan-weekly/issue.yaml'), join(root, 'bench/hongyan-elastic/issue.yaml')]) {
    const r = run(file, 6, context);
    process.stdout.write(`${file.includes('elastic') ? 'elastic photos' : 'as printed'}: `);
    report(r);
    console.log(formatPlan({ ...r.plan, proposals: [r.proposal] }));
  }
}
