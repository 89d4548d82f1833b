/** Tables of the copy as placement sets them: a table whose figures cannot fit its column is refused, naming its copy line. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/diagnostics.js';
import { composeIssue } from '../../src/build.js';
import type { TextBlock, TextLine } from '../../src/place/page-model.js';
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

/** A statistical table whose stub (企业类型) wraps to a character or two a line in one tabloid column. */
const STATISTICS = [
  '分经济类型看，各类企业利润变化如下表。',
  '企业类型\t利润总额（亿元）\t同比增长（%）',
  '国有控股企业\t21,523.9\t-5.4',
  '外商及港澳台投资企业\t15,102.55\t3.4',
  '私营企业\t17,384.1\t0.5',
  '注：利润总额为初步核算数。',
  '分行业看，41个工业大类行业中，有19个行业利润总额比上年同期增长，其中电气机械和器材制造业增长1.2%。',
].join('\n');

const spanIssue = (columns: number, table = '') => issue(columns).replace('frame:', `${table}frame:`);
const compose = (yaml: string, copy: string) => composeIssue(join(issueDir({ 'issue.yaml': yaml, 'copy.md': copy }), 'issue.yaml'));
const blocksOf = (model: ReturnType<typeof compose>, role: string) => model.pages[0].articles[0].copy.filter((b) => b.role === role);
const xs = (block: TextBlock) => block.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.x)));
const rulesOf = (block: TextBlock) => block.lines.flatMap((l) => l.rules ?? []);
const textOf = (l: TextLine) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('');

describe('a table across columns of the frame', () => {
  it('goes across as many columns as keep its cells to two lines: the text before above it, the text after under and beside it', () => {
    const model = compose(spanIssue(4), STATISTICS);
    const grid = model.layouts[0].grid;
    const [table] = blocksOf(model, 'table');
    const rules = rulesOf(table);
    // Two columns wide, from the frame's first column, every cell on one line.
    expect(rules[0].x1).toBeCloseTo(grid.rect(1, 1, 1, 1).x, 0);
    expect(rules[0].x2).toBeCloseTo(grid.rect(1, 2, 1, 1).x + grid.rect(1, 2, 1, 1).width, 0);
    expect(table.lines.map(textOf).slice(1)).toEqual(['国有控股企业21,523.9-5.4', '外商及港澳台投资企业15,102.553.4', '私营企业17,384.10.5']);
    expect(new Set(table.lines.map((l) => l.cell!.line)).size).toBe(4);
    const [before, after] = blocksOf(model, 'paragraph');
    const top = rules[0].y1;
    const bottom = rules.at(-1)!.y1;
    for (const l of before.lines) expect(l.runs[0].baseline).toBeLessThan(top);
    // No line of the text after stands in the table's columns beside it.
    for (const l of after.lines) {
      const y = l.runs[0].baseline;
      const x = l.runs[0].glyphs[0].x;
      expect(y > bottom || x > rules[0].x2, textOf(l)).toBe(true);
    }
    expect(model.pages[0].articles[0].fit.overflowChars).toBe(0);
  });

  it('sets its notes under it, in the smaller style table_note, as wide as the table', () => {
    const model = compose(spanIssue(4), STATISTICS);
    const [table] = blocksOf(model, 'table');
    const [note] = blocksOf(model, 'table_note');
    expect(note.style).toBe('table_note');
    expect(note.lines.map(textOf).join('')).toBe('注：利润总额为初步核算数。');
    expect(note.lines[0].runs[0].size).toBeLessThan(table.lines[1].runs[0].size);
    expect(note.lines[0].runs[0].baseline).toBeGreaterThan(rulesOf(table).at(-1)!.y1);
    expect(note.lines[0].cell!.line).toBe(table.lines.at(-1)!.cell!.line + 1);
    expect(Math.min(...xs(note))).toBeCloseTo(rulesOf(table)[0].x1, 0);
  });

  it('goes across the columns table.columns gives', () => {
    const model = compose(spanIssue(4, 'table: { columns: 3 }\n        '), STATISTICS);
    const grid = model.layouts[0].grid;
    const rules = rulesOf(blocksOf(model, 'table')[0]);
    expect(rules[0].x2).toBeCloseTo(grid.rect(1, 3, 1, 1).x + grid.rect(1, 3, 1, 1).width, 0);
  });

  it('across more columns than the frame has is an error naming the field, once for all the tables of the copy', () => {
    try {
      compose(spanIssue(2, 'table: { columns: 3 }\n        '), `${STATISTICS}\n地区\t产值\n重庆\t30.1`);
      expect.unreachable();
    } catch (e) {
      expect((e as InputError).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['a table is to be set across 3 columns, but the frame has 2 columns']);
    }
  });
});

describe('a table across columns with no text after it', () => {
  it('takes the frame’s columns rather than leave the one beside it empty', () => {
    // The table and its note end the copy: across two of three columns, the third would stand empty beside it.
    const model = compose(spanIssue(3), STATISTICS.split('\n').slice(0, -1).join('\n'));
    const grid = model.layouts[0].grid;
    const [table] = blocksOf(model, 'table');
    const [top] = rulesOf(table);
    expect(top.x1).toBeCloseTo(grid.rect(1, 1, 1, 1).x, 0);
    expect(top.x2).toBeCloseTo(grid.rect(1, 3, 1, 1).x + grid.rect(1, 3, 1, 1).width, 0);
  });

  it('with text after it that fills the columns beside it keeps the fewest columns', () => {
    const model = compose(spanIssue(3), STATISTICS);
    const grid = model.layouts[0].grid;
    const [top] = rulesOf(blocksOf(model, 'table')[0]);
    expect(top.x2).toBeCloseTo(grid.rect(1, 2, 1, 1).x + grid.rect(1, 2, 1, 1).width, 0);
  });
});

describe('a table across columns whose header would stand on three lines', () => {
  it('takes a column more, as for a cell of its body on three lines', () => {
    const rows = ['指标\t11月\t1—11月\t同比增长（%）', '规模以上工业增加值（亿元）\t1,026.3\t10,482.7\t12.3', '社会消费品零售总额（亿元）\t1,318.9\t12,907.4\t5.2', '固定资产投资（亿元）\t—\t9,653.0\t-1.8', '居民消费价格指数（上年=100）\t100.4\t100.3\t—'];
    const after = '分行业看，41个工业大类行业中，有19个行业利润总额比上年同期增长，其中电气机械和器材制造业增长1.2%。'.repeat(6);
    const model = compose(issue(4).replace('layout: tabloid', 'layout: broadsheet'), ['主要指标如下。', ...rows, after].join('\n'));
    const grid = model.layouts[0].grid;
    const [table] = blocksOf(model, 'table');
    // Across two broadsheet columns its header stood 同比 / 增长 / （%）.
    expect(rulesOf(table)[0].x2).toBeCloseTo(grid.rect(1, 3, 1, 1).x + grid.rect(1, 3, 1, 1).width, 0);
    expect(new Set(table.lines[0].runs.map((r) => r.baseline)).size).toBeLessThanOrEqual(2);
  });
});

describe('a table’s notes', () => {
  /** A second, narrower table after a paragraph, its header wrapping, and two notes under it, the first of four lines. */
  const TWO_TABLES = [
    ...STATISTICS.split('\n').slice(0, 3),
    '另有两类企业如下。',
    ...STATISTICS.split('\n').slice(3, 5),
    '注：利润总额为初步核算数，规模以上工业企业的统计口径为年主营业务收入2000万元及以上的工业法人单位。',
    '资料来源：国家统计局网站',
    STATISTICS.split('\n').at(-1)!,
  ].join('\n');

  it('stand under its last row, one under the other, never in the next column', () => {
    const model = compose(spanIssue(4), TWO_TABLES);
    const tables = blocksOf(model, 'table');
    const lastRow = tables.at(-1)!.lines.at(-1)!;
    expect(textOf(lastRow)).toBe('私营企业17,384.10.5');
    const notes = blocksOf(model, 'table_note').flatMap((b) => b.lines);
    expect(notes.map(textOf).join('')).toBe('注：利润总额为初步核算数，规模以上工业企业的统计口径为年主营业务收入2000万元及以上的工业法人单位。资料来源：国家统计局网站');
    expect(notes.map((l) => l.cell)).toEqual(notes.map((_, k) => ({ column: lastRow.cell!.column, line: lastRow.cell!.line + 1 + k })));
    expect(model.pages[0].articles[0].fit.overflowChars).toBe(0);
  });

  it('of a table with a spreadsheet’s empty row stand under that one table', () => {
    const copy = STATISTICS.replace('\n外商', '\n\t\t\n外商').replace('\n分行业', '\n资料来源：国家统计局\n分行业');
    const model = compose(spanIssue(4), copy);
    const [table, ...others] = blocksOf(model, 'table');
    expect(others).toEqual([]);
    expect(table.lines.map(textOf)).toEqual(['企业类型利润总额（亿元）同比增长（%）', '国有控股企业21,523.9-5.4', '', '外商及港澳台投资企业15,102.553.4', '私营企业17,384.10.5']);
    const notes = blocksOf(model, 'table_note').flatMap((b) => b.lines);
    expect(notes.map(textOf)).toEqual(['注：利润总额为初步核算数。', '资料来源：国家统计局']);
    expect(notes.map((l) => l.cell)).toEqual([1, 2].map((k) => ({ column: table.lines.at(-1)!.cell!.column, line: table.lines.at(-1)!.cell!.line + k })));
  });
});

describe('a long table in one column', () => {
  it('broken between columns closes with its rule and repeats its header at the head of the next, no row lost', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1}月\t${(100 + i * 3.5).toFixed(1)}`);
    const copy = ['各月产值如下表。', '月份\t产值（亿元）', ...rows, '以上为初步数据，请读者以正式公报为准。'].join('\n');
    const model = composeIssue(join(issueDir({ 'issue.yaml': issue(2).replace('[1, 40]', '[1, 26]'), 'copy.md': copy }), 'issue.yaml'));
    const tables = model.pages[0].articles[0].copy.filter((b) => b.role === 'table');
    const lines = tables.flatMap((b) => b.lines);
    const columns = [...new Set(lines.map((l) => l.cell!.column))];
    expect(columns).toEqual([1, 2]);
    const heads = lines.filter((l) => textOf(l) === '月份产值（亿元）');
    expect(heads.map((l) => l.cell!.column)).toEqual([1, 2]);
    // The repeated header stands at the head of column 2, ruled over and under.
    const second = lines.filter((l) => l.cell!.column === 2);
    expect(second[0]).toBe(heads[1]);
    expect((heads[1].rules ?? []).map((r) => r.lineWidth)).toEqual([0.75, 0.25]);
    // Column 1's last row closes with the table's rule.
    const firstPart = lines.filter((l) => l.cell!.column === 1);
    expect((firstPart.at(-1)!.rules ?? []).map((r) => r.lineWidth)).toContain(0.75);
    expect(lines.filter((l) => l !== heads[0] && l !== heads[1]).map(textOf)).toEqual(rows.map((r) => r.replace('\t', '')));
    expect(model.pages[0].articles[0].fit.overflowChars).toBe(0);
  });
});

describe('a table’s cells', () => {
  /** A row's cells as set, a cell's lines joined by " / ". */
  const cellsOf = (table: TextBlock, row: number) => {
    const cells: { text: string; baseline: number }[][] = [];
    for (const run of table.lines[row].runs) {
      for (const g of run.glyphs) {
        if (g.wordStart || !cells.length) {
          const cell = cells.at(-1);
          // A cell's next line starts a word lower than its line before; a new cell starts at its top again.
          if (cell && run.baseline > cell.at(-1)!.baseline) cell.push({ text: '', baseline: run.baseline });
          else cells.push([{ text: '', baseline: run.baseline }]);
        }
        cells.at(-1)!.at(-1)!.text += g.text;
      }
    }
    return cells.map((c) => c.map((l) => l.text).join(' / '));
  };

  it('breaks a cell too wide for its column where an editor would: after a word, before a bracket, never inside a term', () => {
    const rows = ['地区\t地区生产总值（亿元）\t同比增长（%）\t居民人均可支配收入（元）', '北京\t32,749.9\t0.1\t47,688', '天津\t8,490.1\t4.1\t35,993', '河北\t7,096.9\t3.8\t22,537'];
    const model = compose(spanIssue(4, 'table: { columns: 2 }\n        '), ['各地区主要经济指标如下。', ...rows].join('\n'));
    const [table] = blocksOf(model, 'table');
    // Set letter by letter the cells read 地区生产总 / 值（亿元） and 居民人均可支 / 配收入（元）.
    expect(cellsOf(table, 0)).toEqual(['地区', '地区生产总值 / （亿元）', '同比增长 / （%）', '居民人均 / 可支配收入（元）']);
  });

  /** The standings of a league: one-digit cells under two-character header words. */
  const STANDINGS = ['排名\t队名\t胜\t负\t积分', '1\t上海\t5\t0\t14', '2\t北京\t4\t1\t12', '3\t天津\t3\t2\t10'];

  it('never parts a header word (排名, 积分) for a column of one-digit cells: the gaps tighten first', () => {
    const model = compose(issue(1), ['积分榜如下。', ...STANDINGS].join('\n'));
    const [table] = blocksOf(model, 'table');
    // Sized from its one-digit cells the column set 排 / 名 and 积 / 分.
    expect(cellsOf(table, 0)).toEqual(['排名', '队名', '胜', '负', '积分']);
    expect(model.diagnostics.filter((d) => d.message.includes('parted inside a word'))).toEqual([]);
  });

  it('parts a header word only where the column cannot hold the table’s header words whole, and says so', () => {
    const wide = STANDINGS.map((row) => row.split('\t').flatMap((cell) => [cell, cell]).join('\t'));
    const model = compose(issue(1), ['积分榜如下。', ...wide].join('\n'));
    const [table] = blocksOf(model, 'table');
    expect(cellsOf(table, 0).some((cell) => cell.includes(' / '))).toBe(true);
    expect(model.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', line: 2, message: expect.stringMatching(/^the header "(排名|积分)" is parted inside a word/) }));
  });

  it('parts a text cell where an editor would where that takes no more lines', () => {
    const rows = ['行业\t利润总额（亿元）\t同比增长（%）', '电力、热力、燃气及水生产和供应业\t7,863.6\t12.3', '计算机、通信和其他电子设备制造业\t4,321.0\t5.1'];
    const model = compose(spanIssue(4, 'table: { columns: 2 }\n        '), ['分行业利润如下。', ...rows].join('\n'));
    const [table] = blocksOf(model, 'table');
    // Set by the composer alone: 电力、热力、燃气及水生产和 / 供应业.
    expect(cellsOf(table, 1)[0]).toBe('电力、热力、 / 燃气及水生产和供应业');
  });
});

describe('a column of figures', () => {
  it('with cells that say there is none (—) is still set flush right on the decimal point', () => {
    const rows = ['指标\t1—11月\t同比增长（%）', '规上工业增加值\t—\t7.8', '社会消费品零售总额（亿元）\t13,562.84\t4.1', '固定资产投资\t…\t-1.2'];
    const model = compose(spanIssue(4, 'table: { columns: 2 }\n        '), ['主要指标如下。', ...rows].join('\n'));
    const [table] = blocksOf(model, 'table');
    /** x of the glyphs of a row reading `text`. */
    const at = (row: number, text: string) => table.lines[row].runs.flatMap((r) => r.glyphs).filter((g) => text.includes(g.text)).map((g) => g.x);
    const [dash] = at(1, '—');
    const figure = at(2, '13,562.84');
    // The dash stands right of the figure's first digit: the column is not set flush left as text.
    expect(dash).toBeGreaterThan(figure[0] + 1);
  });
});

describe('a table’s title', () => {
  const yaml = issue(2).replace('lines: [1, 40]', 'lines: [1, 24]');
  const standings = ['排名\t队名\t胜\t负\t积分', '1\t上海\t5\t0\t14', '2\t北京\t4\t1\t12', '3\t天津\t3\t2\t10', '4\t西江\t3\t2\t9', '5\t江苏\t2\t3\t6'];
  const text = '西江队以3∶1逆转广东队，积分升至第四。当晚现场观众达6,812人，比赛历时2小时08分。';

  it('(a short paragraph right before it, with no mark ending a sentence) stands in the column of its header, never alone at the foot of the one before', () => {
    const model = compose(yaml, [text, '男排超级联赛第二阶段积分榜（前五名）', ...standings].join('\n'));
    const [table] = blocksOf(model, 'table');
    const title = blocksOf(model, 'paragraph').at(-1)!;
    expect(textOf(title.lines[0]).startsWith('男排')).toBe(true);
    // Balanced, the title stood at the foot of the first column and the table at the head of the second.
    const [top] = rulesOf(table);
    for (const l of title.lines) {
      expect(l.runs[0].glyphs[0].x).toBeGreaterThanOrEqual(top.x1 - 1);
      expect(l.runs[0].glyphs[0].x).toBeLessThan(top.x2);
      expect(l.runs[0].baseline).toBeLessThan(top.y1);
    }
  });

  it('stays with it in a setting a line longer than its best, as copyfitting may give it', () => {
    const model = compose(issue(2).replace('lines: [1, 40]', 'lines: [1, 25]'), ['队以3∶1逆转广东队积分升至第四当晚现场观众达六千余。', '男排超级联赛第二阶段积分榜前五名及各队近', ...standings, '比赛结束后双方球员握手致意。'].join('\n'));
    const [table] = blocksOf(model, 'table');
    const title = blocksOf(model, 'paragraph').find((b) => textOf(b.lines[0]).startsWith('男排'))!;
    const [top] = rulesOf(table);
    for (const l of title.lines) {
      expect(l.runs[0].glyphs[0].x).toBeGreaterThanOrEqual(top.x1 - 1);
      expect(l.runs[0].glyphs[0].x).toBeLessThan(top.x2);
    }
  });
});
