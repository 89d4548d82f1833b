/**
 * Character classes of Chinese composition (clreq §3, GB/T 15834—2011 §5) and the Unicode
 * data behind them. Every stage that asks what a character is reads it from here; what a
 * house style does with each class is in rules/.
 */

export type CharClass =
  | 'ideograph' // Han, kana, CJK symbols such as □ ○ ※: one em, breakable on both sides
  | 'emoji' // 😀 👍🏽 👨‍👩‍👧‍👦 🇨🇳 1️⃣ ❤️: a pictograph or emoji sequence set as one em cell, breakable on both sides like an ideograph
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
  | 'western_close' // ) ] } and signs that follow a number: ℃ ° ′ ″ ％
  | 'percent' // % ‰ ‱: close a number, and take the Han–Latin space after it as the number does (涨 1.28% 报)
  | 'western_punct' // . , ; : ! ? - / and other ASCII symbols
  | 'space'
  | 'ideographic_space' // U+3000: a blank of one em, kept whole inside a line (never squeezed or widened), dropped at a break
  | 'combining'; // combining marks, variation selectors, joiners: belong to the character before

const OPEN = new Set('“‘（《〈【〔「『〖〘［｛｟');
const CLOSE = new Set('”’）》〉】〕」』〗〙］｝｠');
const STOP = new Set('。．｡');
const COMMA = new Set('，、､');
const COLON = new Set('：；');
const MARK = new Set('？！‼⁇⁈⁉');
// Interpuncts (间隔号), and the ratio sign (比号: 1∶500, a score 108∶97) set like them, centred in half a cell with no space to the figures beside it.
const MIDDLE = new Set('·・‧•∶');
const DASH = new Set('—⸺⸻―');
const ELLIPSIS = new Set('…⋯‥');
const CONNECTOR = new Set('～〜–');
const SOLIDUS = new Set('／');
/** Japanese prolonged sound mark, small kana and iteration marks (JLREQ cl-09, cl-10, cl-11). */
const NONSTARTER = new Set('ーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ');
const WESTERN_OPEN = new Set('([{$¥£€￥＄');
const WESTERN_CLOSE = new Set(')]}℃°′″％');
const PERCENT = new Set('%‰‱');

/** Every class, numbered from 1 for BMP_CLASSES. */
const CLASSES: readonly CharClass[] = [
  'ideograph', 'open', 'close', 'stop', 'comma', 'colon', 'mark', 'middle', 'dash', 'ellipsis', 'connector',
  'solidus', 'letter', 'digit', 'western_open', 'western_close', 'western_punct', 'space', 'combining', 'emoji',
  'nonstarter', 'percent', 'ideographic_space',
];
const CLASS_NUMBER = new Map(CLASSES.map((c, i) => [c, i + 1]));
/**
 * The class of each BMP code point once worked out, as its number in CLASSES (0 until then):
 * shaping asks for every character of the copy, and the sets and Unicode properties below cost
 * a hundred times more than a table read.
 */
const BMP_CLASSES = new Uint8Array(0x10000);

export function classOf(cp: number): CharClass {
  if (cp > 0xffff) return classify(cp);
  const known = BMP_CLASSES[cp];
  if (known) return CLASSES[known - 1];
  const cls = classify(cp);
  const number = CLASS_NUMBER.get(cls);
  if (number === undefined) throw new Error(`character class ${cls} is missing from CLASSES`);
  BMP_CLASSES[cp] = number;
  return cls;
}

function classify(cp: number): CharClass {
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
  if (PERCENT.has(ch)) return 'percent';
  if (cp === 0x20 || cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x202f || cp === 0x205f) return 'space';
  if (cp === 0x3000) return 'ideographic_space';
  if (isCombining(cp)) return 'combining';
  if (EMOJI_PRESENTATION.test(ch)) return 'emoji';
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

/** Pictographs shown as emoji by default (UTS #51 Emoji_Presentation), regional indicators (the letters of flags) among them. */
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;
/** What may start an emoji sequence: a pictograph, a regional indicator, or a keycap's base (# * 0–9). */
const EMOJI_BASE = /^[\p{Extended_Pictographic}\p{Emoji_Presentation}#*0-9]/u;
/** What makes a sequence an emoji (UTS #51): VS16, a skin-tone modifier, ZWJ, the keycap, a tag. */
const EMOJI_COMPONENT = /[\uFE0F\u{1F3FB}-\u{1F3FF}\u200D\u20E3\u{E0020}-\u{E007F}]/u;
const KEYCAP_BASE = /^[#*0-9]$/;
/** U+3300 to U+1EFFF hold no pictograph (Extended_Pictographic) and nothing shown as emoji. */
const NO_PICTOGRAPH_FROM = 0x3300;
const NO_PICTOGRAPH_TO = 0x1f000;
const VS15 = '\uFE0E';

/**
 * The emoji sequence starting at `at` in `text` — a grapheme cluster (UAX #29: 👍🏽, 👨‍👩‍👧‍👦,
 * 🇨🇳, 1️⃣, ❤️, 🏴󠁧󠁢󠁳󠁣󠁴󠁿), one character never parted — or null if none starts there.
 * `at` must stand at a cluster boundary. A pictograph alone is returned too (😀, and ❤ or ❤︎ that
 * shaping may still set as an emoji): whether it is one is `isEmoji`'s question.
 */
export function emojiSequenceAt(text: string, at: number): string | null {
  const cp = text.codePointAt(at)!;
  // Ideographs, kana, Hangul and the forms after them hold no pictograph: most of a Chinese text is decided here.
  if (cp >= NO_PICTOGRAPH_FROM && cp < NO_PICTOGRAPH_TO) return null;
  const ch = String.fromCodePoint(cp);
  if (!EMOJI_BASE.test(ch)) return null;
  const next = text.codePointAt(at + ch.length);
  if (KEYCAP_BASE.test(ch) && next !== 0xfe0f && next !== 0x20e3) return null;
  // A cluster is short; the longest emoji (a tag sequence) has 7 code points, a family 7 plus 4 modifiers.
  const [first] = graphemeClusters(text.slice(at, at + 64));
  return first;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * Characters that are a grapheme cluster each whatever stands beside them (UAX #29): printable
 * ASCII, ideographs, kana and Hangul syllables, CJK and general punctuation, full-width forms —
 * none of them a mark, a joiner, a prepended sign or a jamo, nor a pictograph a joiner may follow.
 */
const STANDS_ALONE = /^[\x20-\x7e\u00b7\u2010-\u2027\u2030-\u205e\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff01-\uff5e]*$/;

/**
 * The class of each grapheme cluster of `text` (clusterClass). Text whose every character stands
 * alone, most of a Chinese line, is read character by character: the segmenter's first use
 * costs a cold build some 15 ms.
 */
export function clusterClasses(text: string): CharClass[] {
  if (!STANDS_ALONE.test(text)) return graphemeClusters(text).map(clusterClass);
  const classes = new Array<CharClass>(text.length);
  for (let i = 0; i < text.length; i++) classes[i] = classOf(text.charCodeAt(i));
  return classes;
}

/** The text's grapheme clusters (UAX #29): a character with its marks, an emoji sequence. */
export function graphemeClusters(text: string): string[] {
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

/**
 * Whether a cluster is an emoji, to be set as one: a pictograph shown as emoji by default, or a
 * sequence that asks for it (VS16, a modifier, ZWJ, a keycap, tags). VS15 asks for the text form.
 */
export function isEmoji(cluster: string): boolean {
  if (cluster.includes(VS15)) return false;
  const first = String.fromCodePoint(cluster.codePointAt(0)!);
  return EMOJI_PRESENTATION.test(first) || (EMOJI_BASE.test(first) && EMOJI_COMPONENT.test(cluster.slice(first.length)));
}

/**
 * The class of a cluster as drawn (one glyph may stand for a whole emoji sequence): an emoji's,
 * else its first character's; a modifier drawn apart from its emoji (a swatch) stays a mark of it.
 */
export function clusterClass(cluster: string): CharClass {
  const cls = classOf(cluster.codePointAt(0) ?? 0x20);
  return cls !== 'combining' && isEmoji(cluster) ? 'emoji' : cls;
}

/**
 * Circled and parenthesised numbers (① ⑴ ⓫ ㉑ ㊱ ❶ ➀): a note's reference mark set right after the
 * word it annotates (为业①), a list marker at the start of a paragraph. ⒈–⒛, a number with its
 * full stop, is left out: it numbers an item (⒈ 总则), it is not read as a reference.
 */
const NOTE_MARKERS: readonly [number, number][] = [[0x2460, 0x2487], [0x24ea, 0x24ff], [0x3251, 0x325f], [0x32b1, 0x32bf], [0x2776, 0x2793]];
/** A reference number in square brackets, as GB/T 7714 cites in the text: [1] [1,3] [2-5] ［1］. */
const BRACKETED_REFERENCE = /^[[［][0-9０-９]+(?:[,，\-–～][0-9０-９]+)*[\]］]/;

/** The two shapes of a note reference: a circled or parenthesised number (①), or a bracketed one ([1]). */
export type NoteReferenceKind = 'marker' | 'bracketed';

/** The note reference `text` opens with (① ⑴ [1] ［1］) and its length in UTF-16 units, or null. */
export function noteReferenceAt(text: string): { kind: NoteReferenceKind; length: number } | null {
  const cp = text.codePointAt(0);
  if (cp !== undefined && NOTE_MARKERS.some(([from, to]) => cp >= from && cp <= to)) return { kind: 'marker', length: 1 };
  const bracketed = BRACKETED_REFERENCE.exec(text);
  return bracketed ? { kind: 'bracketed', length: bracketed[0].length } : null;
}

/** Full-width CJK punctuation: set in an em cell whose blank part can be compressed. */
export function isCjkPunct(c: CharClass): boolean {
  return c === 'open' || c === 'close' || c === 'stop' || c === 'comma' || c === 'colon' || c === 'mark'
    || c === 'middle' || c === 'dash' || c === 'ellipsis' || c === 'connector' || c === 'solidus';
}

/** Characters set with the Chinese (full-width) conventions. */
export function isCjk(c: CharClass): boolean {
  return c === 'ideograph' || c === 'emoji' || c === 'nonstarter' || isCjkPunct(c);
}
