import { describe, expect, it } from 'vitest';
import { DiagnosticList } from '../../src/diagnostics.js';
import { cleanText, normalize, oneLine } from '../../src/issue/text-hygiene.js';
import { decodeText } from '../../src/source/decode-text.js';

const place = { file: 'story.md', line: 1, linesFollow: true, field: 'pages[0].articles[0].body_file' };

function clean(text: string) {
  const diags = new DiagnosticList();
  return { text: cleanText(text, place, diags), diags: diags.items };
}

describe('text hygiene', () => {
  it('unifies line ends and turns tabs into spaces, silently', () => {
    expect(clean('甲\r\n乙\r丙\u2028丁\v戊\t己')).toEqual({ text: '甲\n乙\n丙\n丁\n戊 己', diags: [] });
  });

  it('removes invisible and control characters with one warning naming them and their lines', () => {
    const r = clean('第\u200B一段\n第二段\n\uFEFF第\u0007三\u200B段\u009F');
    expect(r.text).toBe('第一段\n第二段\n第三段');
    expect(r.diags).toEqual([
      {
        severity: 'warning',
        message: 'removed 5 invisible or control characters (U+200B ×2, U+FEFF, U+0007, U+009F) on lines 1, 3',
        file: 'story.md',
        line: 1,
        field: 'pages[0].articles[0].body_file',
      },
    ]);
  });

  it('keeps a zero-width joiner between emoji (a family, a skin tone before it), removes one elsewhere', () => {
    const family = '👨\u200D👩\u200D👧\u200D👦';
    expect(clean(`全家人${family}都看了，👍🏽\u200D👍，零\u200D宽`)).toMatchObject({
      text: `全家人${family}都看了，👍🏽\u200D👍，零宽`,
      diags: [{ message: 'removed 1 invisible or control character (U+200D)' }],
    });
  });

  it('removes a surrogate without its other half but keeps pairs', () => {
    expect(clean('𠀀\uD800字\uDC00').text).toBe('𠀀字');
  });

  it('keeps every printable character: emoji, right-to-left letters, marks, private use', () => {
    const text = '😀👍🏽 שלום مرحبا 한국어 ﷺ \uE000 ∑ ½ ㈱';
    expect(clean(text)).toEqual({ text: text.normalize('NFC'), diags: [] });
  });

  it('composes a letter and its accent, but leaves CJK compatibility ideographs as they are', () => {
    expect(normalize('cafe\u0301')).toBe('café');
    // U+F900 豈 and U+2F800 丽 would become U+8C48 and U+4E3D under plain NFC.
    expect('\uF900'.normalize('NFC')).toBe('\u8C48');
    expect(normalize('e\u0301\uF900e\u0301\u{2F800}')).toBe('é\uF900é\u{2F800}');
  });
});

describe('decoding text files', () => {
  const gbk = Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x0a]); // 中文 in GBK

  it('reads UTF-8 and drops its byte-order mark', () => {
    expect(decodeText(Buffer.from('\uFEFF中文', 'utf8'))).toEqual({ text: '中文', encoding: 'utf-8', detected: false });
  });

  it('detects GB 18030 Chinese text, or reads it as told', () => {
    expect(decodeText(gbk)).toEqual({ text: '中文\n', encoding: 'gb18030', detected: true });
    expect(decodeText(gbk, 'gb18030')).toEqual({ text: '中文\n', encoding: 'gb18030', detected: false });
  });

  it('gives the offset and line of the first bad sequence', () => {
    // UTF-8 with a damaged character: not taken for GB 18030, though it would decode as such.
    const damaged = Buffer.concat([Buffer.from('中文\n文', 'utf8'), Buffer.from([0xe4, 0xb8, 0x41])]);
    expect(decodeText(damaged)).toEqual({ badByte: 10, line: 2 });
    expect(decodeText(Buffer.from([0xe4, 0xb8, 0xad, 0xe4]))).toEqual({ badByte: 3, line: 1 });
    expect(decodeText(gbk, 'utf-8')).toEqual({ badByte: 0, line: 1 });
  });
});

describe('a headline part on one line', () => {
  it('closes up Chinese where the editor broke the line, and keeps a space between other words', () => {
    expect(oneLine('产业链上的\n“党建赋能”')).toBe('产业链上的“党建赋能”');
    expect(oneLine('Made in\nChongqing')).toBe('Made in Chongqing');
    expect(oneLine('一行')).toBe('一行');
  });
});
