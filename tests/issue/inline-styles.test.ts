import { describe, expect, it } from 'vitest';
import { DiagnosticList } from '../../src/diagnostics.js';
import { parseCopy, readCopy } from '../../src/issue/copy-text.js';
import { parseInline } from '../../src/issue/inline-styles.js';

describe('character styles in copy', () => {
  it('takes **…** as strong and [text]{.name} as the style named, the markup out of the text', () => {
    expect(parseInline('**小巨人又添4家**　记者获悉，[10月14日]{.red}起。')).toEqual({
      text: '小巨人又添4家　记者获悉，10月14日起。',
      marks: [
        { start: 0, stop: 7, style: 'strong' },
        { start: 13, stop: 19, style: 'red' },
      ],
    });
  });

  it('lets marks nest and cross, each range in the text without markup', () => {
    const { text, marks } = parseInline('甲[乙**丙**丁]{.larger}戊**己[庚**辛]{.red}');
    expect(text).toBe('甲乙丙丁戊己庚辛');
    const marked = (style: string) => marks.filter((m) => m.style === style).map((m) => text.slice(m.start, m.stop));
    expect(marked('larger')).toEqual(['乙丙丁']);
    expect(marked('strong')).toEqual(['丙', '己庚']);
    expect(marked('red')).toEqual(['庚辛']);
  });

  it('prints markup that pairs with nothing as typed', () => {
    for (const typed of ['一个**落单', '****空的一对', '[方括号]没有样式', '[a]{red}', '5**2 与 3*4']) {
      expect(parseInline(typed)).toEqual({ text: typed, marks: [] });
    }
    // A third ** after a pair is text.
    expect(parseInline('**甲**乙**丙')).toEqual({ text: '甲乙**丙', marks: [{ start: 0, stop: 1, style: 'strong' }] });
  });
});

describe('paragraph styles in copy', () => {
  it('sets the paragraphs and list items of a ::: block in its style, and only those', () => {
    const blocks = parseCopy('前言。\n::: brief\n**甲**　一条。\n\n1．一项。\n:::\n::: {.kai_body}\n楷体。\n:::\n后记。');
    expect(blocks).toEqual([
      { kind: 'paragraph', text: '前言。', line: 0 },
      { kind: 'paragraph', text: '甲　一条。', line: 2, style: 'brief', marks: [{ start: 0, stop: 1, style: 'strong' }] },
      { kind: 'list_item', marker: '1．', text: '一项。', line: 4, style: 'brief' },
      { kind: 'paragraph', text: '楷体。', line: 7, style: 'kai_body' },
      { kind: 'paragraph', text: '后记。', line: 9 },
    ]);
  });

  it('nests blocks (the innermost style wins) and keeps a closing line with no block open as text', () => {
    expect(parseCopy('::: brief\n::: centered\n甲\n:::\n乙\n:::\n:::').map((b) => [b.text, b.kind !== 'heading' && b.kind !== 'table' && b.style])).toEqual([
      ['甲', 'centered'],
      ['乙', 'brief'],
      [':::', undefined],
    ]);
  });

  it('warns of a block left open, naming the line that opened it', () => {
    const diags = new DiagnosticList();
    const blocks = readCopy('甲\n::: brief\n乙', { file: 'copy.md', line: 1, linesFollow: true }, diags);
    expect(blocks.map((b) => b.kind !== 'heading' && b.kind !== 'table' && b.style)).toEqual([undefined, 'brief']);
    expect(diags.items).toEqual([expect.objectContaining({ severity: 'warning', file: 'copy.md', line: 2, message: expect.stringMatching(/not closed/) })]);
  });
});
