/** Tables of the copy as placement sets them: a table whose figures cannot fit its column is refused, naming its copy line. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/diagnostics.js';
import { composeIssue } from '../../src/build.js';
import { issueDir } from '../helpers/issue-dir.js';

const issue = (columns: number) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: figures
        headline: 统计表
        body_file: copy.md
        frame: { columns: [1, ${columns}], lines: [1, 40] }
`;

// Four columns of figures that never break: some 30 em, wider than a tabloid column.
const COPY = ['各月数据如下。', '月份\t产值\t增加值\t利润\t税收', '1月\t123,456,789.12\t98,765,432.10\t12,345,678.90\t1,234,567.89', '2月\t223,456,789.12\t88,765,432.10\t22,345,678.90\t2,234,567.89'].join('\n');

describe('a table of the copy', () => {
  it('wider than its column, its figures kept whole, is an error naming its copy line', () => {
    const dir = issueDir({ 'issue.yaml': issue(1), 'copy.md': COPY });
    try {
      composeIssue(join(dir, 'issue.yaml'));
      expect.unreachable();
    } catch (e) {
      const errors = (e as InputError).diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toEqual([
        expect.objectContaining({ file: join(dir, 'copy.md'), line: 2, message: expect.stringMatching(/^the table is at least [\d.]+ em wide \(its figures and headers do not break\) and the column [\d.]+ em: set it in a wider frame or shorten its cells$/) }),
      ]);
    }
  });
});
