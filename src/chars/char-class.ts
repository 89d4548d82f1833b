/**
 * Character classes of Chinese composition (clreq §3, GB/T 15834—2011 §5) and the Unicode
 * data behind them. Every stage that asks what a character is reads it from here; what a
 * house style does with each class is in rules/.
 */

export type CharClass =
  | 'ideograph' // Han, kana, CJK symbols such as □ ○ ※: one em, breakable on both sides
  | 'nonstarter' // ー, small kana, iteration marks (ッ ゃ 々 ゝ): one em, ending the syllable before them (JLREQ cl-09–cl-11)
  | 'open' // “‘（《〈【〔「『〖［｛
  | 'close' // ”’）》〉】〕」』〗］｝
  | 'stop' // 。．
  | 'comma' // ，、
  | 'colon' // ：；
  | 'mark' // ？！
  | 'middle' // · ・ interpunct (间隔号)
  | 'dash' // — ⸺ (破折号 is two of them)
  | 'ellipsis' // … ⋯ (省略号 is two of them)
  | 'connector' // ～ – (连接号)
  | 'solidus' // ／ (分隔号)
  | 'letter' // Latin, Greek, Cyrillic letters
  | 'digit'
  | 'western_open' // ( [ { and currency signs that lead a number: $ ¥ £ €
  | 'western_close' // ) ] } and signs that follow a number: % ‰ ℃ ° ′ ″
  | 'western_punct' // . , ; : ! ? - / and other ASCII symbols
  | 'space'
  | 'combining'; // combining marks, variation selectors, joiners: belong to the character before

const OPEN = new Set('“‘（《〈【〔「『〖〘［｛｟');
const CLOSE = new Set('”’）》〉】〕」』〗〙］｝｠');
const STOP = new Set('。．｡');
const COMMA = new Set('，、､');
const COLON = new Set('：；');
const MARK = new Set('？！‼⁇⁈⁉');
const MIDDLE = new Set('·・‧•');
const DASH = new Set('—⸺⸻―');
const ELLIPSIS = new Set('…⋯‥');
const CONNECTOR = new Set('～〜–');
const SOLIDUS = new Set('／');
/** Japanese prolonged sound mark, small kana and iteration marks (JLREQ cl-09, cl-10, cl-11). */
const NONSTARTER = new Set('ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ');
const WESTERN_OPEN = new Set('([{$¥£€￥＄');
const WESTERN_CLOSE = new Set(')]}%‰℃°′″％');

export function classOf(cp: number): CharClass {
  const ch = String.fromCodePoint(cp);
  if (OPEN.has(ch)) return 'open';
  if (CLOSE.has(ch)) return 'close';
  if (STOP.has(ch)) return 'stop';
  if (COMMA.has(ch)) return 'comma';
  if (COLON.has(ch)) return 'colon';
  if (MARK.has(ch)) return 'mark';
  if (MIDDLE.has(ch)) return 'middle';
  if (DASH.has(ch)) return 'dash';
  if (ELLIPSIS.has(ch)) return 'ellipsis';
  if (CONNECTOR.has(ch)) return 'connector';
  if (SOLIDUS.has(ch)) return 'solidus';
  if (NONSTARTER.has(ch)) return 'nonstarter';
  if (WESTERN_OPEN.has(ch)) return 'western_open';
  if (WESTERN_CLOSE.has(ch)) return 'western_close';
  if (cp === 0x20 || cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f) return 'space';
  if (isCombining(cp)) return 'combining';
  if (cp >= 0x30 && cp <= 0x39) return 'digit';
  if (cp >= 0xff10 && cp <= 0xff19) return 'ideograph'; // full-width digits set as CJK
  if (isWideChar(cp)) return 'ideograph';
  if (/\p{L}/u.test(ch)) return 'letter';
  if (/\p{N}/u.test(ch)) return 'digit';
  return 'western_punct';
}

function isCombining(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef) ||
    cp === 0x200d ||
    cp === 0x20e3 ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    /\p{M}/u.test(String.fromCodePoint(cp))
  );
}

/** Characters that take a full em cell in Chinese text. */
function isWideChar(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    (cp >= 0x25a0 && cp <= 0x25ff) || // geometric shapes: □ ○ ■ used as lead-ins
    (cp >= 0x2600 && cp <= 0x26ff) ||
    (cp >= 0x2460 && cp <= 0x24ff) || // circled numbers ①
    (cp >= 0x1f300 && cp <= 0x1faff) // pictographs
  );
}

/** Full-width CJK punctuation: set in an em cell whose blank part can be compressed. */
export function isCjkPunct(c: CharClass): boolean {
  return c === 'open' || c === 'close' || c === 'stop' || c === 'comma' || c === 'colon' || c === 'mark'
    || c === 'middle' || c === 'dash' || c === 'ellipsis' || c === 'connector' || c === 'solidus';
}

/** Characters set with the Chinese (full-width) conventions. */
export function isCjk(c: CharClass): boolean {
  return c === 'ideograph' || c === 'nonstarter' || isCjkPunct(c);
}
