import { describe, expect, it } from 'vitest';
import { DiagnosticList } from '../../src/diagnostics.js';
import { MAX_PARAGRAPH_CHARS, parseCopy, readCopy } from '../../src/issue/copy-text.js';

describe('article copy', () => {
  it('takes one paragraph per line and skips blank lines', () => {
    expect(parseCopy('第一段。\n\n\n第二段。\r\n第三段。')).toEqual([
      { kind: 'paragraph', text: '第一段。', line: 0 },
      { kind: 'paragraph', text: '第二段。', line: 3 },
      { kind: 'paragraph', text: '第三段。', line: 4 },
    ]);
  });

  it('reads ## as a section heading and a —— line right after it as its subtitle', () => {
    expect(parseCopy('## 小标题？\n\n——副题说明\n正文。\n——不是副题的段落')).toEqual([
      { kind: 'heading', text: '小标题？', subtitle: '——副题说明', line: 0 },
      { kind: 'paragraph', text: '正文。', line: 3 },
      { kind: 'paragraph', text: '——不是副题的段落', line: 4 },
    ]);
  });

  it('takes leading ideographic spaces as the paragraph\'s indent, exactly, and keeps every printable character', () => {
    expect(parseCopy('　　“引语”开头。 ')).toEqual([{ kind: 'paragraph', text: '“引语”开头。', line: 0, indent: 2 }]);
    expect(parseCopy('　　　　四个。\n　一个。\n  　 半角空格不算。\n   只有半角空格。\n没有空格。')).toEqual([
      { kind: 'paragraph', text: '四个。', line: 0, indent: 4 },
      { kind: 'paragraph', text: '一个。', line: 1, indent: 1 },
      { kind: 'paragraph', text: '半角空格不算。', line: 2, indent: 1 },
      { kind: 'paragraph', text: '只有半角空格。', line: 3 },
      { kind: 'paragraph', text: '没有空格。', line: 4 },
    ]);
  });

  it('reads consecutive ## lines of one level as one heading of several lines', () => {
    expect(parseCopy('## 产业链上的党建\n## 如何赋能高质量发展\n——副题\n正文。')).toEqual([
      { kind: 'heading', text: '产业链上的党建\n如何赋能高质量发展', subtitle: '——副题', line: 0 },
      { kind: 'paragraph', text: '正文。', line: 3 },
    ]);
    // A blank line between them, another level, or a subtitle between them: two headings.
    expect(parseCopy('## 甲\n\n## 乙\n## 丙\n### 丁\n## 戊\n——副题\n## 己').map((b) => b.kind === 'heading' && b.text)).toEqual(['甲', '乙\n丙', '丁', '戊', '己']);
  });

  it('reads a paragraph that starts with a number or a bullet as a list item: its marker as typed and its text', () => {
    const items = [
      ['1．坚持党建引领。', '1．'],
      ['12、强化服务保障。', '12、'],
      ['3. 加强人才培养。', '3. '],
      ['一、提高政治站位。', '一、'],
      ['十二、突出重点。', '十二、'],
      ['（一）建立机制。', '（一）'],
      ['(2) 完善办法。', '(2) '],
      ['（３）全角数字。', '（３）'],
      ['①第一项措施。', '①'],
      ['■ 项目符号。', '■ '],
      ['●另一项。', '●'],
      ['•\u3000小圆点。', '•\u3000'],
    ];
    expect(parseCopy(items.map(([line]) => line).join('\n'))).toEqual(
      items.map(([line, marker], i) => ({ kind: 'list_item', marker, text: line.slice(marker.length), line: i })),
    );
  });

  it('does not take numbers, dates or a bare marker for list items', () => {
    const text = ['1.5亿元的投资。', '一、二线城市。', '2024年，开局。', '(2024年)的报告。', '1、2号线。', '■', '一是坚持。', '第一、第二。'];
    expect(parseCopy(text.join('\n')).map((b) => b.kind)).toEqual(text.map(() => 'paragraph'));
  });

  it('refuses a paragraph longer than the limit, naming its line', () => {
    const diags = new DiagnosticList();
    readCopy(`短段。\n${'字'.repeat(MAX_PARAGRAPH_CHARS + 1)}\n`, { file: 'a.md', line: 1, linesFollow: true }, diags);
    expect(diags.items).toEqual([
      { severity: 'error', message: `paragraph of ${MAX_PARAGRAPH_CHARS + 1} characters is longer than the limit of ${MAX_PARAGRAPH_CHARS}; are its line ends missing?`, file: 'a.md', line: 2 },
    ]);
  });
});
