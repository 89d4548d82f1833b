/**
 * `paiban check` finds a lone character and a near-empty line anywhere in a paragraph, from the
 * PDF: a page is built whose copy leaves no other setting (a number, which never breaks, wider
 * than what is left of the first line after one or three characters), and read back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeIssue, type BuildResult } from '../../src/build.js';
import { buildIssue } from '../helpers/build.js';
import { checkFile, type CheckReport } from '../../src/check/check.js';
import { issueDir, oneColumnStory } from '../helpers/issue-dir.js';

const ISSUE = oneColumnStory([
  '占12,345,678,901.23万元的专项资金已全部拨付到位，主要用于支持产业链上下游企业协同攻关。',
  '据统计1,234,567,890.12万元资金已经拨付到位，全部用于中小企业数字化转型。',
  '市财政局有关负责人说，资金主要用于支持产业链上下游企业协同攻关和中小企业数字化转型。',
]);

let built: BuildResult;
let report: CheckReport;

beforeAll(async () => {
  built = await buildIssue(join(issueDir({ 'issue.yaml': ISSUE }), 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-holes-')) });
  report = await checkFile(built.pdf!);
}, 60_000);

describe('lone characters and near-empty lines inside a paragraph, measured from the PDF', () => {
  it('finds the first line holding one character alone, though it is not a last line', () => {
    expect(report.typography.loneLines.examples.map((e) => e.text)).toEqual(['占']);
    expect(report.typography.orphans.count).toBe(0);
  });

  it('finds a first line less than half full', () => {
    expect(report.typography.nearEmptyLines.examples.map((e) => e.text)).toEqual(['占', '据统计']);
  });

  it('reports each as a warning naming the page and the line', () => {
    const warnings = report.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
    expect(warnings).toContainEqual(expect.stringMatching(/^page 1, line at y=[\d.]+ pt: "占" \d+ % of the column filled inside a paragraph$/));
    expect(warnings).toContainEqual(expect.stringMatching(/"据统计" \d+ % of the column filled/));
  });

  it('and the build had said so, naming the copy line and what it did', () => {
    const messages = built.diagnostics.map((d) => d.message);
    expect(messages).toContainEqual(expect.stringMatching(/^line 1 of the paragraph "占12,345,678,…", "占", is near empty: the next piece "12,345,678,901.23" cannot break/));
    expect(messages).toContainEqual(expect.stringMatching(/"据统计", is near empty/));
  });

  it("names, for an issue file, the page's number, the column and the grid line, as the build names places, on a page with a bleed", async () => {
    const bled = 'extends: tabloid\nname: bled\npage:\n  bleed: 3mm\n';
    const dir = issueDir({ 'issue.yaml': ISSUE.replace('layout: tabloid', 'layout: bled.yaml').replace('number: 1', 'number: 3'), 'bled.yaml': bled });
    const r = await checkFile(join(dir, 'issue.yaml'));
    const cells = composeIssue(join(dir, 'issue.yaml')).pages[0].articles[0].copy.flatMap((b) => b.lines).filter((l) => ['占', '据统计'].includes(l.runs.flatMap((run) => run.glyphs.map((g) => g.text)).join('')));
    expect(cells.map((l) => l.cell)).toEqual([expect.objectContaining({ column: 1 }), expect.objectContaining({ column: 1 })]);
    const warnings = r.diagnostics.filter((d) => /of the column filled/.test(d.message)).map((d) => d.message.replace(/ \d+ % of the column filled inside a paragraph$/, ''));
    expect(warnings).toEqual(cells.map((l, i) => `page 3, column ${l.cell!.column}, line ${l.cell!.line}: "${['占', '据统计'][i]}"`));
    // The grid is the trim's, inside the bleed.
    expect(r.typography.grid.onGrid).toBe(1);
  });

  it('finds none on a page where every line inside a paragraph is full', async () => {
    const dir = issueDir({ 'issue.yaml': ISSUE.replace(/ {10}占.*\n {10}据.*\n/, '') });
    const full = await buildIssue(join(dir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-holes-')) });
    const { typography } = await checkFile(full.pdf!);
    expect(typography.loneLines.count + typography.nearEmptyLines.count).toBe(0);
  });
});
