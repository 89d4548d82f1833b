import { describe, expect, it } from 'vitest';
import { DiagnosticList } from '../../src/diagnostics.js';
import { parseCopy, readCopy } from '../../src/issue/copy-text.js';

describe('tables in the copy', () => {
  it('reads lines of tab-separated cells as a table, its first row the header', () => {
    const text = '如下表。\n地区\t产值（亿元）\t增长（%）\n重庆\t30,145.8\t6.1\n四川\t60,132.9\t-0.5\n表后一段。';
    expect(readCopy(text, { file: 'copy.md', line: 0, column: 0 }, new DiagnosticList())).toEqual([
      { kind: 'paragraph', text: '如下表。', line: 0 },
      {
        kind: 'table',
        rows: [
          ['地区', '产值（亿元）', '增长（%）'],
          ['重庆', '30,145.8', '6.1'],
          ['四川', '60,132.9', '-0.5'],
        ],
        text: '地区 产值（亿元） 增长（%）\n重庆 30,145.8 6.1\n四川 60,132.9 -0.5',
        header: true,
        align: [],
        lines: [1, 2, 3],
        line: 1,
      },
      { kind: 'paragraph', text: '表后一段。', line: 4 },
    ]);
  });

  it('takes the paragraphs right under a table that open with 注： or 资料来源： as its notes, and no others', () => {
    const blocks = parseCopy('地区\t产值\n重庆\t30.1\n\n注：**初步**核算数。\n资料来源：国家统计局\n说明如下。\n注：这是一段。');
    expect(blocks.map((b) => b.kind)).toEqual(['table', 'paragraph', 'paragraph']);
    expect(blocks[0].kind === 'table' && blocks[0].notes).toEqual([
      { text: '注：初步核算数。', line: 3 },
      { text: '资料来源：国家统计局', line: 4 },
    ]);
    expect(blocks[2]).toMatchObject({ kind: 'paragraph', text: '注：这是一段。' });
  });

  it('reads a row of tabs alone between rows of cells as an empty row of the table, not its end; after the last row, as nothing', () => {
    const blocks = parseCopy('地区\t产值\t增长\n重庆\t30.1\t6.1\n\t\t\n四川\t60.1\t-0.5\n\t\t\n注：初步核算数。\n资料来源：某处');
    expect(blocks.map((b) => b.kind)).toEqual(['table']);
    const [table] = blocks;
    expect(table.kind === 'table' && table.rows).toEqual([
      ['地区', '产值', '增长'],
      ['重庆', '30.1', '6.1'],
      ['', '', ''],
      ['四川', '60.1', '-0.5'],
    ]);
    expect(table.kind === 'table' && [table.lines, table.notes?.map((n) => n.text)]).toEqual([[0, 1, 2, 3], ['注：初步核算数。', '资料来源：某处']]);
  });

  it('reads a pipe table, its header and alignments from the delimiter row, short rows filled', () => {
    const [table] = parseCopy('| 指标 | 11月 | 1—11月 |\n| :-- | ---: | :---: |\n| 利润率 | 5.91 | 5.58 |\n| 成本 \\| 元 | 85.12 |');
    expect(table).toEqual({
      kind: 'table',
      rows: [
        ['指标', '11月', '1—11月'],
        ['利润率', '5.91', '5.58'],
        ['成本 | 元', '85.12', ''],
      ],
      text: '指标 11月 1—11月\n利润率 5.91 5.58\n成本 | 元 85.12 ',
      header: true,
      align: ['left', 'right', 'center'],
      lines: [0, 2, 3],
      line: 0,
    });
  });

  it('takes a pipe table without a delimiter row as rows without a header', () => {
    expect(parseCopy('| 甲 | 1 |\n| 乙 | 2 |')).toEqual([{ kind: 'table', rows: [['甲', '1'], ['乙', '2']], text: '甲 1\n乙 2', header: false, align: [], lines: [0, 1], line: 0 }]);
  });

  it('keeps a lone line with a tab, or a lone pipe row, a paragraph, its tab a space', () => {
    expect(readCopy('甲\t乙\n\n| 单独一行 |', { file: 'copy.md', line: 0, column: 0 }, new DiagnosticList())).toEqual([
      { kind: 'paragraph', text: '甲 乙', line: 0 },
      { kind: 'paragraph', text: '| 单独一行 |', line: 2 },
    ]);
  });
});
