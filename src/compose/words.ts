/**
 * Display text breaks by words: headlines, subtitles, headings and captions are read as phrases,
 * and an editor breaks them after a mark or at a space, else between words — never "规模 / 以上"
 * or "建 / 党之初". Words come from the runtime's word segmenter (ICU's dictionary, through
 * Intl.Segmenter), corrected by the rules' `breaks.words` where a dictionary alone misleads.
 */
import { classOf, type CharClass } from '../chars/char-class.js';
import type { CompositionRules } from '../rules/rules.js';
import type { Cluster } from '../shape/shape.js';
import type { Gap } from './gap.js';

/** What the word model reads of a cluster and of the gap after it. */
type WordCluster = Pick<Cluster, 'text' | 'cls'>;
type WordGap = Pick<Gap, 'space' | 'forbidden' | 'cost'>;

let segmenter: Intl.Segmenter | undefined;
const words = () => (segmenter ??= new Intl.Segmenter('zh-Hans', { granularity: 'word' }));

/**
 * Whether the word the dictionary finds at offset `at` of `text` starts there and runs on past
 * offset `to`: 时 of 第一时间 starts 时间, 人 of 第一人民医院 starts 人民; 个 of 三个 and 届 of
 * 第十二届 start no such word.
 */
export function wordRunsOn(text: string, at: number, to: number): boolean {
  for (const s of words().segment(text)) {
    if (s.index + s.segment.length <= at) continue;
    return s.index === at && s.index + s.segment.length > to;
  }
  return false;
}

/** After these a phrase ends: pauses and stops. */
const PHRASE_END = new Set<CharClass>(['stop', 'comma', 'colon', 'mark']);
/** After a closing mark, or where a run of dashes or ellipses ends, a phrase ends unless a word binds across; an opening mark starts one. */
const QUOTE_END = new Set<CharClass>(['close', 'western_close']);

const RUN_END = new Set<CharClass>(['dash', 'ellipsis']);

const isHan = (s: string) => /^\p{Script=Han}+$/u.test(s);

/** One segment of the text: where it starts and ends, in clusters, and its text. */
interface Segment {
  from: number;
  to: number;
  text: string;
}

/**
 * Costs the breaks of `gaps` (gap i stands between clusters i and i + 1) by words. A gap that the
 * rules already forbid stays forbidden; others cost at least what the word model gives them.
 * `unknownWords`: a run of one-character segments is a word the dictionary does not know (苍|生,
 * in a headline); without it, as in a line of verse, whose words the dictionary knows less well
 * (晨|雾|挑|进), a gap in such a run costs what a gap beside a word of one character does.
 */
export function addWordBreaks(clusters: readonly WordCluster[], gaps: WordGap[], rules: CompositionRules, unknownWords = true): void {
  if (clusters.length < 2) return;
  const w = rules.breaks.words;
  const segments = segment(clusters, gaps);
  const segmentAt = new Int32Array(clusters.length);
  segments.forEach((s, k) => segmentAt.fill(k, s.from, s.to));
  // 为 after a verb of becoming is its complement (成长为): it closes that verb, and leads nothing.
  const complement = (k: number) => segments[k].text === '为' && k > 0 && w.becoming.includes(segments[k - 1].text);
  // A segment of one Han character inside a run of such segments is part of a word the dictionary does not know.
  const lone = (k: number) => k >= 0 && k < segments.length && segments[k].to - segments[k].from === 1 && isHan(segments[k].text) && !complement(k);
  const isNumeral = (text: string) => [...text].every((ch) => w.numerals.includes(ch));
  const bindsBefore = (s: Segment) => w.bindBefore.includes(s.text) || (isHan(s.text) && w.bindBeforeStart.includes(s.text[0]));
  // A period alone (年, 月) not after a figure or numeral, which it would close (2023年, 三月), leads the word after it (年产值, 月均).
  const leadsPeriod = (k: number) => {
    const s = segments[k];
    if (s.to - s.from !== 1 || !w.periodPrefixes.includes(s.text)) return false;
    const before = s.from > 0 ? clusters[s.from - 1] : undefined;
    return !before || (before.cls !== 'digit' && !w.numerals.includes(before.text) && !/[0-9０-９]$/u.test(before.text));
  };
  const bindsAfter = (k: number) => {
    const s = segments[k];
    return !complement(k) && (w.bindAfter.includes(s.text) || (isHan(s.text) && w.bindAfterEnding.includes(s.text.slice(-1))));
  };
  // Terms the dictionary parts wrongly are words of their own, and so is a verb's potential form.
  const terms = termGaps(clusters, gaps, w.terms);
  const potential = potentialGaps(clusters, gaps, segments, segmentAt, w.potential);
  for (let i = 0; i < gaps.length; i++) {
    const gap = gaps[i];
    if (gap.forbidden) continue;
    const [a, b] = [clusters[i], clusters[i + 1]];
    const [ka, kb] = [segmentAt[i], segmentAt[i + 1]];
    let cost: number;
    if (gap.space || PHRASE_END.has(a.cls)) cost = w.phrase;
    else if (ka === kb || bindsBefore(segments[kb]) || complement(kb) || bindsAfter(ka)) cost = w.inside;
    else if (b.cls === 'open' || QUOTE_END.has(a.cls) || (RUN_END.has(a.cls) && b.cls !== a.cls)) cost = w.phrase;
    else if ((a.cls === 'digit' || isNumeral(segments[ka].text)) && isHan(segments[kb].text)) cost = w.inside;
    else if (leadsPeriod(ka) && isHan(segments[kb].text)) cost = w.inside;
    else if (lone(ka) && lone(kb)) cost = unknownWords ? w.inside : w.single;
    else if (lone(ka) || lone(kb)) cost = w.single;
    else cost = w.word;
    // After the complement, and at a term's edges, a word starts or ends, unless a word there binds
    // to it (用得起的, 生产总值|的, 对|港澳台).
    const closes = segments[kb].from === i + 1 && bindsBefore(segments[kb]);
    const potentialEnds = potential[i] === 2 && !closes;
    const termEdge = terms[i] === 2 && !closes && !bindsAfter(ka);
    if (terms[i] === 1 || potential[i] === 1) cost = w.inside;
    else if (termEdge || potentialEnds) cost = Math.min(cost, w.word);
    gap.cost = Math.max(gap.cost, cost);
  }
}

/** Gaps inside a term (1) and at its edges (2), where the dictionary's segments say otherwise; never across a space of the copy. */
function termGaps(clusters: readonly WordCluster[], gaps: readonly WordGap[], terms: readonly string[]): Uint8Array {
  const marks = new Uint8Array(clusters.length);
  const text = clusters.map((c) => c.text).join('');
  const clusterAt = new Int32Array(text.length);
  clusters.reduce((offset, c, i) => (clusterAt.fill(i, offset, offset + c.text.length), offset + c.text.length), 0);
  for (const term of terms) {
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      const [first, last] = [clusterAt[at], clusterAt[at + term.length - 1]];
      if (gaps.slice(first, last).some((g) => g.space)) continue;
      for (let i = first; i < last; i++) marks[i] = 1;
      if (first > 0 && !marks[first - 1]) marks[first - 1] = 2;
      if (last < clusters.length - 1 && !marks[last]) marks[last] = 2;
    }
  }
  return marks;
}

/** Gaps inside a verb's potential form (1: 用|得|起) and after its complement (2: 用得起|用). */
function potentialGaps(clusters: readonly WordCluster[], gaps: readonly WordGap[], segments: readonly Segment[], segmentAt: Int32Array, potential: CompositionRules['breaks']['words']['potential']): Uint8Array {
  const marks = new Uint8Array(clusters.length);
  const han = (k: number) => isHan(clusters[k].text);
  const length = (s: Segment) => s.to - s.from;
  for (let m = 1; m + 1 < clusters.length; m++) {
    const [verb, marker, complement] = [clusters[m - 1].text, clusters[m].text, clusters[m + 1].text];
    if (!potential.markers.includes(marker) || !potential.complements.includes(complement) || !han(m - 1)) continue;
    if (gaps[m - 1].space || gaps[m].space || potential.notVerbs.includes(verb + marker)) continue;
    // A word of the dictionary after a word of two characters or more is a verb of its own (问题|得到|解决), after one a complement (买|得到).
    const word = segments[segmentAt[m]];
    if (word.from === m && word.to === m + 2 && segmentAt[m - 1] !== segmentAt[m] && length(segments[segmentAt[m - 1]]) > 1) continue;
    marks[m - 1] = marks[m] = 1;
    if (m + 2 < clusters.length && !gaps[m + 1].space && han(m + 2)) marks[m + 1] = 2;
  }
  return marks;
}

/** The text's word segments, in clusters; a space of the copy (taken out of the clusters) still parts words. */
function segment(clusters: readonly WordCluster[], gaps: readonly WordGap[]): Segment[] {
  let text = '';
  // Offset in `text` of each cluster's start.
  const at: number[] = [];
  clusters.forEach((c, i) => {
    if (i > 0 && gaps[i - 1].space) text += ' ';
    at.push(text.length);
    text += c.text;
  });
  const clusterOf = new Map(at.map((offset, i) => [offset, i]));
  const segments: Segment[] = [];
  for (const s of words().segment(text)) {
    const from = clusterOf.get(s.index);
    // A segment that starts inside a cluster (a mark attached to a letter) belongs to the one before; spaces to none.
    if (from === undefined || s.segment.trim() === '') continue;
    if (segments.length) segments[segments.length - 1].to = from;
    segments.push({ from, to: clusters.length, text: s.segment.trim() });
  }
  return segments;
}

/**
 * What breaking display text `text` before each of its characters costs by the word model (index
 * k: before the k-th character that is not a space; 0 before the first): for reading a
 * headline's line breaks back from a page (`check`), and for choosing where a table's header
 * cell parts. Spaces part words.
 */
export function wordBreakCosts(text: string, rules: CompositionRules): number[] {
  const clusters: WordCluster[] = [];
  const gaps: WordGap[] = [];
  for (const ch of text) {
    if (/\s/u.test(ch)) {
      if (gaps.length) gaps[gaps.length - 1].space = true;
      continue;
    }
    clusters.push({ text: ch, cls: classOf(ch.codePointAt(0)!) });
    gaps.push({ space: false, cost: 0 });
  }
  gaps.pop();
  addWordBreaks(clusters, gaps, rules);
  return [0, ...gaps.map((g) => g.cost)];
}
