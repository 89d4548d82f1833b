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

  it('drops hand-made indents of ideographic spaces but keeps every printable character', () => {
    expect(parseCopy('　　“引语”开头。 ')).toEqual([{ kind: 'paragraph', text: '“引语”开头。', line: 0 }]);
  });

  it('refuses a paragraph longer than the limit, naming its line', () => {
    const diags = new DiagnosticList();
    readCopy(`短段。\n${'字'.repeat(MAX_PARAGRAPH_CHARS + 1)}\n`, { file: 'a.md', line: 1, linesFollow: true }, diags);
    expect(diags.items).toEqual([
      { severity: 'error', message: `paragraph of ${MAX_PARAGRAPH_CHARS + 1} characters is longer than the limit of ${MAX_PARAGRAPH_CHARS}; are its line ends missing?`, file: 'a.md', line: 2 },
    ]);
  });
});
