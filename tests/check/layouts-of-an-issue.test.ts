/**
 * `paiban check ISSUE` of an issue whose pages are on several layouts (a broadsheet page 1, a
 * tabloid page 2): each page is measured on its own layout's grid and columns.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, formatCheck } from '../../src/check/check.js';
import { issueDir } from '../helpers/issue-dir.js';

const BODY = `
          有读者问：今年个人所得税汇算清缴从什么时候开始，需要准备哪些材料，可以在哪里办理？
          好。
          记者就此采访了市税务局有关负责人，他说可以通过手机上的个人所得税应用程序办理，也可以到办税服务厅办理。`;

const ISSUE = `paper: 测试日报
date: 2024-02-20
layout: broadsheet
pages:
  - number: 1
    articles:
      - id: front
        headline: 测试标题
        columns: 2
        body: |${BODY}
  - number: 2
    layout: tabloid
    articles:
      - id: inside
        headline: 测试标题
        columns: 2
        body: |${BODY}
`;

describe('check of an issue on two layouts', () => {
  it('finds every baseline on its page\'s grid, and reads each page\'s one-sentence paragraph as a paragraph', async () => {
    const report = await checkFile(join(issueDir({ 'issue.yaml': ISSUE }), 'issue.yaml'));
    expect(report.typography.grid.onGrid).toBe(1);
    expect(report.typography.loneLines.examples).toEqual([]);
    expect(report.typography.nearEmptyLines.examples).toEqual([]);
    expect(formatCheck(report)).toMatch(/baselines on the 11\.6 and 11\.55 pt grids of the pages' layouts 100\.0 %/);
  });
});
