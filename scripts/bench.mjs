// npm run bench: figures for the sample page, as medians. Run after `npm run build`.
//   cold   whole process, start to PDF written (node bin/paiban.js build …)
//   warm   rebuild in a running process after a one-paragraph edit (the watch path)
//   compose  shaping, composition and placement only, warm
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'paiban-bench-'));
cpSync(join(root, 'issues/hongyan-weekly'), join(work, 'issue'), { recursive: true });
const issue = join(work, 'issue/issue.yaml');
const out = join(work, 'out');

// Cold: a fresh process each time; the child reports its own peak RSS.
const child = `import { main } from ${JSON.stringify(join(root, 'dist/cli.js'))};
const code = await main(['build', ${JSON.stringify(issue)}, '-o', ${JSON.stringify(out)}, '--json']);
process.stderr.write('RSS ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;`;
const cold = [];
const rss = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', child], { encoding: 'utf8' });
  cold.push(performance.now() - t0);
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  rss.push(Number(/RSS (\d+)/.exec(r.stderr)[1]) / 1024);
}
const pdf = join(out, 'hongyan-weekly.pdf');

// Warm: the same process rebuilds after each edit of one paragraph.
const { buildIssue, composeIssue } = await import(join(root, 'dist/build.js'));
const copy = join(work, 'issue/main.md');
const original = readFileSync(copy, 'utf8');
await buildIssue(issue, { outDir: out });
const warm = [];
const compose = [];
for (let i = 0; i < runs; i++) {
  writeFileSync(copy, original.replace('濒临倒闭的小作坊', i % 2 ? '濒临倒闭的小工厂' : '濒临倒闭的小作坊'));
  let t0 = performance.now();
  await buildIssue(issue, { outDir: out });
  warm.push(performance.now() - t0);
  t0 = performance.now();
  composeIssue(issue);
  compose.push(performance.now() - t0);
}

const f = (ms) => `${ms.toFixed(0)} ms`;
console.log(`sample page (issues/hongyan-weekly), ${runs} runs, medians`);
console.log(`  cold build (process start to PDF written)  ${f(median(cold))}`);
console.log(`  warm rebuild after a one-paragraph edit    ${f(median(warm))}`);
console.log(`  shape + compose + place, warm              ${f(median(compose))}`);
console.log(`  peak RSS (cold process)                    ${median(rss).toFixed(0)} MiB`);
console.log(`  PDF size                                   ${(statSync(pdf).size / 1024).toFixed(0)} KiB`);
