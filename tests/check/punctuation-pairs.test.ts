/**
 * `paiban check` measures adjacent punctuation as the page draws it — the marks' advances and
 * where their ink lies — not by their characters: a run that paiban compressed (荒唐！！！”, 分）、)
 * is not reported, nor two marks that face each other across no blank (（）, “？), while a pair
 * drawn at full width with its half-em blank between the inks is.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../helpers/build.js';
import { checkFile } from '../../src/check/check.js';
import { issueDir, oneColumnStory } from '../helpers/issue-dir.js';
import { column, writeTestPage } from './test-page.js';

const ISSUE = oneColumnStory([
  '网友留言：“真的吗？！！这也太荒唐！！！”还有人问：“？！”',
  '积分榜前三名依次为：天津队（积33分）、江苏队（积29分）、重庆队（积27分）。',
  '全角括号（）与半角括号()也常常混用，编辑要逐一改正。',
]);

describe('adjacent punctuation pairs, measured as drawn', () => {
  it('reports none of the runs paiban set compressed, on a page built from an issue', async () => {
    const built = await buildIssue(join(issueDir({ 'issue.yaml': ISSUE }), 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-pairs-')) });
    const { typography } = await checkFile(built.pdf!);
    const pairs = typography.punctPairs.examples.map((e) => e.detail!.slice(0, 2));
    expect(pairs).toEqual(expect.arrayContaining(['！！', '！”', '？！', '）、', '（）', '“？']));
    expect(typography.punctPairs.fullWidth).toBe(0);
  }, 60_000);

  it('reports a pair drawn at full width, and not a pair whose marks face each other', async () => {
    // Each mark in a cell of its own, one em apart: 。” and ！！ keep their half-em blank between them, （） has none.
    const page = writeTestPage({ lines: column(['产业链上的党建赋能激发', '了企业的技改热情。”也带', '动干部！！敢为善为有为', '全角括号（）与半角括号']) });
    const { typography } = await checkFile(page);
    expect(typography.punctPairs.fullWidth).toBe(2);
    // The blank between the inks, as the Song face draws them.
    expect(typography.punctPairs.examples.map((e) => e.detail)).toEqual(['。” 0.75 em between the marks', '！！ 0.89 em between the marks', '（） 0.13 em between the marks']);
  });
});
