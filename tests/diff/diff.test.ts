/**
 * `paiban diff`: an edit found on its page and in its grid cell, a moved photo reported at
 * both places, pages matched by number whatever their order, and nothing reported for the
 * same input twice.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffBuilds, gridTerms } from '../../src/diff/diff.js';
import type { Rect } from '../../src/layout/model.js';
import { buildIssue } from '../helpers/build.js';
import { runCli } from '../helpers/cli.js';
import { issueDir } from '../helpers/issue-dir.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));
const out = () => mkdtempSync(join(tmpdir(), 'paiban-diff-test-'));

const contains = (outer: Rect, inner: Rect, slack = 1.5) =>
  outer.x <= inner.x + slack && outer.y <= inner.y + slack && outer.x + outer.width >= inner.x + inner.width - slack && outer.y + outer.height >= inner.y + inner.height - slack;

/** A tabloid page with a short story and, in an article of its own, a photo slot one column wide. */
const photoIssue = (column: number) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: story
        headline: 测试标题
        frame: { columns: [1, 6], lines: [1, 40] }
        body: |
          第一段正文，用来检验排版。
      - id: pic
        frame: { columns: [1, 6], lines: [50, 86] }
        photos:
          - id: p
            columns: 1
            lines: 12
            at: { column: ${column}, line: 55 }
`;

/** Two tabloid pages, each with its own story; `order` lists the page numbers as the issue file gives them. */
const twoPages = (order: number[], second = '第二版的正文。') => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
${order
  .map(
    (n) => `  - number: ${n}
    articles:
      - id: story${n}
        headline: 第${n}版标题
        body: |
          ${n === 2 ? second : '第一版的正文，用来检验排版。'}
`,
  )
  .join('')}`;

describe('paiban diff', () => {
  it('reports a one-character edit on its page, in the grid cell of its line, naming the article and paragraph', async () => {
    const edited = mkdtempSync(join(tmpdir(), 'paiban-diff-edit-'));
    cpSync(sample, edited, { recursive: true });
    const main = join(edited, 'main.md');
    writeFileSync(main, readFileSync(main, 'utf8').replace('抓党建带全局', '抓党健带全局'));
    const dir = out();
    const report = await diffBuilds(join(sample, 'issue.yaml'), join(edited, 'issue.yaml'), { outDir: dir });
    expect(report.pages.map((p) => [p.page, p.status])).toEqual([[6, 'changed']]);
    const [page] = report.pages;
    // Where the model set the line holding the edited character.
    const built = await buildIssue(join(edited, 'issue.yaml'), { outDir: out() });
    const lead = built.pages[0].articles.find((a) => a.copy.some((b) => b.lines.some((l) => l.runs.some((r) => r.glyphs.some((g) => g.text === '健')))))!;
    const line = lead.copy.flatMap((b) => b.lines).find((l) => l.runs.some((r) => r.glyphs.some((g) => g.text === '健')))!;
    expect(page.regions.map((r) => r.grid)).toEqual([`p6 c${line.cell!.column} l${line.cell!.line}`]);
    // The region is about one character: 9 pt.
    expect(page.regions[0].rect.width).toBeLessThan(12);
    expect(page.text).toEqual([{ article: lead.id, where: `${lead.title}, paragraph 4`, before: expect.stringContaining('抓党建带全局'), after: expect.stringContaining('抓党健带全局') }]);
    expect(existsSync(join(dir, 'p06.png'))).toBe(true);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain(`| 6 | changed | p6 c${line.cell!.column} l${line.cell!.line} |`);
    expect(md).toContain('![page 6, before and after](p06.png)');
  }, 120_000);

  it('reports a photo moved by one column with a region where it was and one where it is', async () => {
    const before = issueDir({ 'issue.yaml': photoIssue(2) });
    const after = issueDir({ 'issue.yaml': photoIssue(3) });
    const report = await diffBuilds(join(before, 'issue.yaml'), join(after, 'issue.yaml'), { outDir: out() });
    const [page] = report.pages;
    expect(page.status).toBe('changed');
    expect(page.regions.map((r) => r.grid)).toEqual(['p1 c2 l55-66', 'p1 c3 l55-66']);
    const rectOf = async (dir: string) => (await buildIssue(join(dir, 'issue.yaml'), { outDir: out() })).pages[0].articles[1].photos[0].rect;
    expect(contains(page.regions[0].rect, await rectOf(before))).toBe(true);
    expect(contains(page.regions[1].rect, await rectOf(after))).toBe(true);
  }, 120_000);

  it('matches pages by number, not by their place in the file', async () => {
    const pdfOf = async (yaml: string) => {
      const dir = issueDir({ 'issue.yaml': yaml });
      return (await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out'), edition: true })).pdf!;
    };
    const base = await pdfOf(twoPages([1, 2]));
    const same = await diffBuilds(base, await pdfOf(twoPages([2, 1])), { outDir: out() });
    expect(same.pages.map((p) => [p.page, p.status])).toEqual([[1, 'unchanged'], [2, 'unchanged']]);
    expect(same.changed).toBe(false);
    const edited = await diffBuilds(base, await pdfOf(twoPages([2, 1], '第二版改过的正文。')), { outDir: out() });
    expect(edited.pages.map((p) => [p.page, p.status])).toEqual([[1, 'unchanged'], [2, 'changed']]);
    // From the PDFs' text: the line that differs.
    expect(edited.pages[1].text).toEqual([expect.objectContaining({ before: '第二版的正文。', after: '第二版改过的正文。' })]);
  }, 120_000);

  it('reports pages added and removed, between folders of page PDFs', async () => {
    const folderOf = async (yaml: string) => {
      const dir = issueDir({ 'issue.yaml': yaml });
      await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out'), pages: true });
      return join(dir, 'out');
    };
    const report = await diffBuilds(await folderOf(twoPages([1])), await folderOf(twoPages([2])), { outDir: out() });
    expect(report.pages.map((p) => [p.page, p.status])).toEqual([[1, 'removed'], [2, 'added']]);
  }, 120_000);

  it('reports nothing for the same input twice, and exits 0 with --exit-code; 1 when a page changed', async () => {
    const dir = issueDir({ 'issue.yaml': twoPages([1, 2]) });
    const changed = issueDir({ 'issue.yaml': twoPages([1, 2], '第二版改过的正文。') });
    const same = await runCli(['diff', join(dir, 'issue.yaml'), join(dir, 'issue.yaml'), '-o', join(dir, 'diff'), '--exit-code']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^no change \(2 pages\)$/m);
    expect(readdirSync(join(dir, 'diff'))).toEqual(['report.md']);
    const json = await runCli(['diff', join(dir, 'issue.yaml'), join(changed, 'issue.yaml'), '-o', join(dir, 'diff2'), '--exit-code', '--json']);
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).pages.map((p: { status: string }) => p.status)).toEqual(['unchanged', 'changed']);
  }, 120_000);

  it('leaves in its folder only its own result: a failing or unchanged diff removes the report and images of the diff before, and nothing else', async () => {
    const dir = issueDir({ 'issue.yaml': twoPages([1, 2]), 'bad.pdf': 'not a pdf' });
    const changed = issueDir({ 'issue.yaml': twoPages([1, 2], '第二版改过的正文。') });
    const d = join(dir, 'diff');
    const diff = (base: string) => runCli(['diff', base, join(changed, 'issue.yaml'), '-o', d]);
    expect((await diff(join(dir, 'issue.yaml'))).code).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['p02.png', 'report.md']);
    writeFileSync(join(d, 'notes.txt'), 'the editor’s own file');
    const failed = await diff(join(dir, 'bad.pdf'));
    expect(failed.code).toBe(1);
    expect(readdirSync(d)).toEqual(['notes.txt']);
    expect((await diff(join(dir, 'issue.yaml'))).code).toBe(0);
    const same = await runCli(['diff', join(changed, 'issue.yaml'), join(changed, 'issue.yaml'), '-o', d]);
    expect(same.code, same.stderr).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['notes.txt', 'report.md']);
    expect(readFileSync(join(d, 'report.md'), 'utf8')).not.toContain('p02.png');
  }, 120_000);

  it('names its arguments when one is missing, and a side that cannot be read', async () => {
    const missing = await runCli(['diff', 'a.pdf', '-o', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('paiban diff: needs NEW\n');
    const dir = out();
    writeFileSync(join(dir, 'bad.pdf'), 'not a pdf');
    const bad = await runCli(['diff', join(dir, 'bad.pdf'), join(dir, 'bad.pdf'), '-o', join(dir, 'd')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`${join(dir, 'bad.pdf')}: error: cannot be read as a PDF (not a PDF, or damaged)\n`);
  });

  it('says in one line when its output folder cannot be made', async () => {
    const dir = issueDir({ 'issue.yaml': twoPages([1, 2]), 'a-file': 'x' });
    const r = await runCli(['diff', join(dir, 'issue.yaml'), join(dir, 'issue.yaml'), '-o', join(dir, 'a-file')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${join(dir, 'a-file')}: error: cannot write report.md: ${join(dir, 'a-file')} is a file, not a folder\n`);
  }, 120_000);
});

describe('grid terms', () => {
  it('name the columns and lines a rectangle touches, not those its anti-aliased edge grazes', async () => {
    const { pages, layouts } = await buildIssue(join(sample, 'issue.yaml'), { outDir: out() });
    const grid = layouts[0].grid;
    const cell = grid.rect(5, 8, 40, 72);
    expect(gridTerms(3, { x: cell.x - 0.5, y: cell.y - 0.5, width: cell.width + 1, height: cell.height + 1 }, grid)).toBe('p3 c5-8 l40-72');
    expect(gridTerms(pages[0].number, { x: grid.left, y: 0, width: 10, height: 5 }, grid)).toBe('p6 above the type area');
  }, 60_000);
});
