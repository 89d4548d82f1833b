import { describe, expect, it } from 'vitest';
import { parseCopy } from '../../src/issue/copy-text.js';

describe('article copy', () => {
  it('takes one paragraph per line and skips blank lines', () => {
    expect(parseCopy('第一段。\n\n\n第二段。\r\n第三段。')).toEqual([
      { kind: 'paragraph', text: '第一段。' },
      { kind: 'paragraph', text: '第二段。' },
      { kind: 'paragraph', text: '第三段。' },
    ]);
  });

  it('reads ## as a section heading and a —— line right after it as its subtitle', () => {
    expect(parseCopy('## 小标题？\n\n——副题说明\n正文。\n——不是副题的段落')).toEqual([
      { kind: 'heading', text: '小标题？', subtitle: '——副题说明' },
      { kind: 'paragraph', text: '正文。' },
      { kind: 'paragraph', text: '——不是副题的段落' },
    ]);
  });

  it('drops hand-made indents of ideographic spaces but keeps every printable character', () => {
    expect(parseCopy('　　“引语”开头。 ')).toEqual([{ kind: 'paragraph', text: '“引语”开头。' }]);
  });
});
