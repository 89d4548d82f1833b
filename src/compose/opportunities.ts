/**
 * Break opportunities inside pieces that the gap model keeps whole (rules.breaks): URLs and
 * e-mail addresses after their separators, English words at their hyphenation points, ranges
 * of figures after their dash. They are costed like any other break, so the breaker uses them only where the setting
 * is better for it — where a piece would otherwise leave a line near empty or letter-spaced.
 */
import { createRequire } from 'node:module';
import { isPinyin } from '../chars/pinyin.js';
import type { CompositionRules } from '../rules/rules.js';
import type { Cluster, ShapedGlyph } from '../shape/shape.js';
import type { Gap } from './gap.js';
import { INFINITY } from './linebreak.js';

/**
 * TeX's hyph-en-us patterns (the `hyphen` package), loaded on the first English word to hyphenate:
 * 100 KB of patterns that took 25 ms to load at every start, for copy that mostly has no such word.
 */
let hyphenEnUs: typeof import('hyphen/en-us/index.js').default | undefined;
const hyphenator = () => (hyphenEnUs ??= createRequire(import.meta.url)('hyphen/en-us/index.js') as typeof import('hyphen/en-us/index.js').default);

const WESTERN = new Set(['letter', 'digit', 'western_open', 'western_close', 'western_punct', 'percent']);

/** Adds the break opportunities of `rules.breaks` to `gaps` (gap i stands between clusters i and i + 1). */
export function addBreakOpportunities(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  for (const [start, end] of westernRuns(clusters, gaps)) {
    const text = clusters.slice(start, end).map((c) => c.text).join('');
    const url = findUrl(text, rules);
    const email = url ? null : findEmail(text);
    if (url) {
      addressBreaks(clusters, gaps, rules.breaks.url, start + url.start, start + url.schemeEnd, end);
      hyphenateWords(clusters, gaps, rules, start, start + url.start);
    } else if (email) {
      addressBreaks(clusters, gaps, rules.breaks.email, start + email.start, start + email.start, start + email.end);
      hyphenateWords(clusters, gaps, rules, start, start + email.start);
    } else {
      hyphenateWords(clusters, gaps, rules, start, end);
      keepTailWhole(gaps, rules, start, end);
      if (clusters[start].cls === 'digit') keepQuantityWhole(clusters, gaps, rules, start, end);
    }
  }
  figureRanges(clusters, gaps, rules);
}

/** Runs [start, end) of Western clusters written without a space between them. */
function westernRuns(clusters: readonly Cluster[], gaps: readonly Gap[]): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= clusters.length; i++) {
    const western = i < clusters.length && WESTERN.has(clusters[i].cls);
    const joined = western && start >= 0 && !gaps[i - 1].space;
    if (joined) continue;
    if (start >= 0 && i - start > 1) runs.push([start, i]);
    start = western ? i : -1;
  }
  return runs;
}

/** Where a URL starts in a run of Western text (a scheme or www.), and where its scheme ends; in clusters from the run's start. */
function findUrl(text: string, rules: CompositionRules): { start: number; schemeEnd: number } | null {
  const lower = text.toLowerCase();
  let best: { start: number; schemeEnd: number } | null = null;
  for (const scheme of rules.breaks.url.schemes) {
    const at = lower.indexOf(scheme);
    if (at < 0 || (best && at >= best.start)) continue;
    // Cluster indexes count code points; the text is Western, one code unit each but for astral letters.
    const start = [...text.slice(0, at)].length;
    best = { start, schemeEnd: start + [...scheme].length };
  }
  return best;
}

/**
 * Where an e-mail address (local@domain.tld) is in a run of Western text, in clusters from the
 * run's start: its local part before the @, its domain after it (a full stop after it is the sentence's).
 */
function findEmail(text: string): { start: number; end: number } | null {
  const m = /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/.exec(text);
  if (!m) return null;
  const start = [...text.slice(0, m.index)].length;
  return { start, end: start + m[0].length };
}

/**
 * An address [start, end) — a URL or an e-mail address — breaks after its separators `after` and
 * before `before`, from `from` on (never inside a URL's scheme), keeping `minTail` characters for
 * the last line, and nowhere else: no hyphenation, no hyphen.
 */
function addressBreaks(clusters: readonly Cluster[], gaps: Gap[], rule: { after: string; before?: string; cost: number; minTail: number }, start: number, from: number, end: number): void {
  const { after, before = '', cost, minTail } = rule;
  for (let i = start; i + 1 < end; i++) {
    const gap = gaps[i];
    if (gap.forbidden === 'kinsoku' || gap.space) continue;
    const [a, b] = [clusters[i].text, clusters[i + 1].text];
    // After the last of a row of separators (https:// breaks after //), or before a mark of `before` that no separator precedes.
    const at = (after.includes(a) && !after.includes(b)) || (before.includes(b) && !after.includes(a));
    const ok = i + 1 >= from && i + 1 <= end - minTail && at;
    if (ok) {
      gap.cost = cost;
      gap.forbidden = undefined;
    } else {
      gap.cost = INFINITY;
      gap.forbidden = 'unbreakable';
    }
  }
}

/** A run [start, end) does not break after a mark closer than `minTail` characters to its end (NH₃- / N). */
function keepTailWhole(gaps: Gap[], rules: CompositionRules, start: number, end: number): void {
  for (let i = Math.max(start, end - rules.breaks.western.minTail); i + 1 < end; i++) {
    if (gaps[i].forbidden || gaps[i].space || gaps[i].hyphen) continue;
    gaps[i].cost = INFINITY;
    gaps[i].forbidden = 'unbreakable';
  }
}

/** A quantity with its unit in [start, end) (58μg/m³, 80km/h) does not break after the unit's marks. */
function keepQuantityWhole(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules, start: number, end: number): void {
  for (let i = start; i + 1 < end; i++) {
    if (!rules.breaks.western.inQuantity.includes(clusters[i].text) || gaps[i].forbidden || gaps[i].space) continue;
    gaps[i].cost = INFINITY;
    gaps[i].forbidden = 'unbreakable';
  }
}

/** English words of letters in [start, end), broken at their hyphenation points with a hyphen at the line end. */
function hyphenateWords(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules, start: number, end: number): void {
  const h = rules.breaks.hyphenation;
  let i = start;
  while (i < end) {
    if (!/^[A-Za-z]$/.test(clusters[i].text)) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && /^[A-Za-z]$/.test(clusters[j].text)) j++;
    const word = clusters.slice(i, j).map((c) => c.text).join('');
    // Mixed case (LiFePO, iPhone) and capitals (MEMS) are names and formulas, and a capitalised
    // word of pinyin syllables (Jiawen) a Chinese name: none of them follows English patterns.
    const capitalized = /^[A-Z][a-z]+$/.test(word) && !isPinyin(word);
    if (word.length >= h.minWord && (/^[a-z]+$/.test(word) || capitalized)) {
      // Other capitalised words are names too (Microsoft): unless the rules hyphenate them, only
      // where the paragraph cannot be set otherwise but with a near-empty line or a word cut anywhere.
      const lastResort = capitalized && !h.capitalized;
      const parts = hyphenator().hyphenateSync(word, { hyphenChar: '\u00ad', minWordLength: h.minWord }).split('\u00ad');
      let at = 0;
      for (const part of parts.slice(0, -1)) {
        at += part.length;
        if (at < h.leftMin || word.length - at < h.rightMin) continue;
        const k = i + at - 1;
        const hyphen = hyphenGlyph(clusters[k]);
        if (!hyphen || gaps[k].forbidden === 'kinsoku') continue;
        gaps[k].cost = h.cost;
        gaps[k].forbidden = undefined;
        gaps[k].hyphen = hyphen;
        if (lastResort) gaps[k].lastResort = h.lastResortCost;
      }
    }
    i = j;
  }
}

/** The hyphen set after `c` at a line end, in `c`'s face and character style (null if the face has none). */
function hyphenGlyph(c: Cluster): ShapedGlyph | null {
  const face = c.glyphs[0]?.face;
  const look = c.glyphs[0]?.look;
  const g = face?.glyph(0x2d);
  return face && g ? { face, id: g.id, advance: g.advance * (look?.scale ?? 1), text: '-', ...(look && { look }) } : null;
}

/** A figure, or a mark inside a number (12,345.67, 19:30). */
const isFigure = (c: Cluster, rules: CompositionRules) => c.cls === 'digit' || (c.cls === 'western_punct' && rules.breaks.figureRange.marks.includes(c.text));

/** 2023—2024, 1,000～2,000: a long range of figures may break after its dash or connector. */
function figureRanges(clusters: readonly Cluster[], gaps: Gap[], rules: CompositionRules): void {
  for (let i = 1; i + 1 < clusters.length; i++) {
    const c = clusters[i];
    if ((c.cls !== 'dash' && c.cls !== 'connector') || clusters[i - 1].cls !== 'digit' || clusters[i + 1].cls !== 'digit') continue;
    if (gaps[i].forbidden !== 'unbreakable' || gaps[i].space) continue;
    let [from, to] = [i - 1, i + 1];
    while (from > 0 && isFigure(clusters[from - 1], rules)) from--;
    while (to + 1 < clusters.length && isFigure(clusters[to + 1], rules)) to++;
    let width = 0;
    for (let k = from; k <= to; k++) width += clusters[k].advance;
    if (width < rules.breaks.figureRange.minWidth) continue;
    gaps[i].cost = rules.breaks.figureRange.cost;
    gaps[i].forbidden = undefined;
  }
}
