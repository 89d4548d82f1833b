/**
 * Hanyu Pinyin without tone marks: a word made only of pinyin syllables (Jiawen, Zhangjiang) is
 * a Chinese name, which English hyphenation patterns would break at the wrong places.
 */

const INITIAL = '(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?';
/** Finals, longest first, so that the expression tries them before their beginnings. */
const FINAL = '(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ui|ao|ou|iu|ie|ue|ve|er|an|en|in|un|vn|ia|ua|uo|a|o|e|i|u|v)';
const SYLLABLES = new RegExp(`^(?:${INITIAL}${FINAL})+$`, 'i');

/** Whether a word of Latin letters reads as pinyin syllables, one after another. */
export const isPinyin = (word: string): boolean => SYLLABLES.test(word);
