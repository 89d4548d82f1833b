/**
 * Sets a piece of text in a style at a given measure, and turns composed lines into
 * glyph runs at page positions. The bridge between composition (in em) and the page (in pt).
 */
import type { DiagnosticList, Diagnostic } from '../diagnostics.js';
import { Paragraph, type ComposedLine, type ComposeOptions } from '../compose/paragraph.js';
import { Face } from '../fonts/font-set.js';
import { IdentityNumbers } from '../identity.js';
import { isLoneCharacter } from '../rules/rules.js';
import type { Align, CharacterStyle, PunctWidth, Style } from '../layout/model.js';
import type { CharMark } from '../issue/model.js';
import { PULL_QUOTE } from '../issue/inline-styles.js';
import { codePoint } from '../issue/text-hygiene.js';
import { GB } from '../rules/gb.js';
import { shapeText, type Cluster, type RunLook, type ShapeFaces, type ShapeSpan } from '../shape/shape.js';
import type { GlyphRun, GridCell, RunGlyph, TextLine } from './page-model.js';

export interface SetOptions {
  indent?: number;
  align?: Align;
  preferSpaceBreaks?: boolean;
  /** Ranges of the text in character styles (characterSpans). */
  spans?: ShapeSpan[];
  /** The first lines set narrower beside a drop cap, in em. */
  narrowFirst?: { lines: number; by: number };
  /** Display text (headlines, subtitles, headings, captions): broken between words, marks beside dashes closed up. */
  display?: boolean;
  /** A space typed between Han characters parts phrases (headlines, headings): an em, not a word space. */
  phraseSpaces?: boolean;
  /** Fewest characters on the last line (2 unless given; 0 in a table's cells, where a lone last character is no fault). */
  minLastLineChars?: number;
}

/**
 * The ranges of a paragraph in character styles as shaping takes them: in order, not
 * overlapping, each with the faces and look of every mark over it — the last mark's face and
 * colour, the sizes multiplied (a larger size inside a bold lead-in is both). A mark naming a
 * style the layout lacks is returned by name instead; the pull quote's mark sets nothing.
 */
export function characterSpans(marks: readonly CharMark[], styles: ReadonlyMap<string, CharacterStyle>, paragraph: Style): ShapeSpan[] | { unknown: string } {
  marks = marks.filter((m) => m.style !== PULL_QUOTE);
  const unknown = marks.find((m) => !styles.has(m.style));
  if (unknown) return { unknown: unknown.style };
  const bounds = [...new Set(marks.flatMap((m) => [m.start, m.stop]))].sort((a, b) => a - b);
  const spans: ShapeSpan[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [start, stop] = [bounds[i], bounds[i + 1]];
    const over = marks.filter((m) => m.start <= start && m.stop >= stop).map((m) => styles.get(m.style)!);
    if (!over.length) continue;
    const withFace = [...over].reverse().find((c) => c.face);
    const color = [...over].reverse().find((c) => c.color)?.color;
    const look: RunLook = { scale: over.reduce((k, c) => k * c.scale, 1), ...(color && { color }) };
    const faces = withFace ? { face: withFace.face!, fallbacks: withFace.fallbacks } : { face: paragraph.face, fallbacks: paragraph.fallbacks };
    spans.push({ start, stop, faces, look });
  }
  return spans;
}

export interface SetText {
  style: Style;
  lines: ComposedLine[];
  /** Characters in the source text, for overflow reports. */
  text: string;
  /** The same text set `looseness` lines longer or shorter, if the rules allow it. */
  variant(looseness: number): ComposedLine[] | null;
}

/** What setting text needs of a build context: the compositions kept. */
export interface CompositionStore {
  readonly compositions: CompositionCache;
}

/** Shapes and composes `text` in `style` on lines `measure` points wide. */
export function setText(
  context: CompositionStore,
  text: string,
  style: Style,
  measure: number,
  diags: DiagnosticList,
  where: Omit<Diagnostic, 'severity' | 'message'>,
  options: SetOptions = {},
): SetText {
  const indent = options.indent ?? style.indent;
  const setting: Setting = {
    faces: { face: style.face, fallbacks: style.fallbacks },
    ...(options.spans?.length && { spans: options.spans }),
    punctuation: style.punctuation,
    compose: {
      measure: measure / (style.size * style.hScale),
      indent,
      ...(options.narrowFirst && { narrowFirst: options.narrowFirst }),
      // A line of verse turns over indented from where it starts.
      ...(style.turnover !== undefined && { verse: { turnover: indent + style.turnover } }),
      align: options.align ?? style.align,
      preferSpaceBreaks: options.preferSpaceBreaks,
      display: options.display,
      phraseSpaces: options.phraseSpaces,
      minLastLineChars: options.minLastLineChars,
      kinsoku: style.kinsoku,
      autospace: style.autospace,
    },
  };
  const { missing, lines, variant } = context.compositions.composed(text, setting);
  reportMissing(missing, text, style, diags, where);
  reportEmboldened(lines, text, style, diags, where);
  const forced = lines.find((l) => l.forced);
  if (forced) {
    diags.warn(`a line of "${text.slice(forced.start, forced.stop)}" could not be set within the rules: it is broken where they forbid, inside a word or a figure longer than the measure (or the measure is too narrow); no character is lost`, where);
  }
  const message = raggedMessage(text, lines);
  if (message) diags.warn(message, where);
  const last = lines[lines.length - 1];
  if (lines.length > 1 && options.minLastLineChars !== 0 && isLoneCharacter(text.slice(last.start, last.stop))) {
    diags.warn(`the last line of "${text.length > 12 ? `${text.slice(0, 12)}…` : text}" holds one character alone (${text.slice(last.start, last.stop)}); no setting within the spacing limits avoids it: edit the copy`, where);
  }
  // A line flush right or centred set a line longer to fill a column would break anywhere: only justified text is copyfitted so.
  return { style, lines, text, variant: setting.compose.align === 'justify' ? variant : () => null };
}

/**
 * An error naming every character of `text` that no font of the style has (among `clusters`):
 * an error, not a warning, as the page would show a blank box where the copy has a character.
 */
export function reportMissing(clusters: readonly Cluster[], text: string, style: Style, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): void {
  const missing = clusters.filter((c) => c.missing);
  if (!missing.length) return;
  const visible = (ch: string) => (/[\p{C}\p{Z}]/u.test(ch) ? '' : `${ch} `);
  // A cluster is named whole, with every code point: marks attached to a missing character are missing too.
  const list = [...new Set(missing.map((c) => `${visible(c.text)}(${[...c.text].map((ch) => codePoint(ch.codePointAt(0)!)).join(' ')})`))];
  const first = missing[0].start;
  const context = text.slice(Math.max(0, first - 8), first + 8);
  diags.error(`no font of style "${style.name}" has ${list.join(', ')}, in "${context}"; add a font that has ${list.length > 1 ? 'them' : 'it'} to fallback_fonts`, where);
}

/**
 * A warning naming every character of `text` that no face of the style's weight has, set in a
 * lighter face made bold (the synthetic bold of fallbackChain): it prints, but not quite as heavy.
 */
function reportEmboldened(lines: readonly ComposedLine[], text: string, style: Style, diags: DiagnosticList, where: Omit<Diagnostic, 'severity' | 'message'>): void {
  const set = new Map<string, Face>();
  for (const line of lines) for (const g of line.glyphs) if (g.face.syntheticBold && !set.has(g.text)) set.set(g.text, g.face);
  if (!set.size) return;
  const list = [...set].map(([ch, face]) => `${ch} (${codePoint(ch.codePointAt(0)!)}, set in ${face.postscriptName})`);
  const context = text.length > 16 ? `${text.slice(0, 16)}…` : text;
  diags.warn(`no face as heavy as style "${style.name}"'s ${style.face.postscriptName} has ${list.join(', ')}, in "${context}": the lighter face is made bold by a stroke round the outline`, where);
}

/** How far short of the measure, in em, a line set ragged is said to be so. */
const RAGGED_WARNING = 0.5;

/**
 * What was done where no justified setting within the spacing limits exists: which lines were
 * set ragged (short of the measure) rather than letter-spaced, and which are near empty.
 */
function raggedMessage(text: string, lines: readonly ComposedLine[]): string | null {
  // A line a little short of the measure reads as justified: said only from half a character on.
  const ragged = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.ragged && !l.forced && (l.nearEmpty || (l.short ?? 0) >= RAGGED_WARNING));
  if (!ragged.length) return null;
  const head = text.length > 12 ? `${text.slice(0, 12)}…` : text;
  const { l, i } = ragged.find(({ l }) => l.nearEmpty) ?? ragged[0];
  // The piece the line could not take: up to the next line's first break, not the whole next line.
  const next = l.unbreakableNext;
  const piece = next ? text.slice(next.start, next.stop) : '';
  // A piece narrower than the hole stays down because the lines after it could not be set within the limits without it.
  const why = next && next.width <= l.short! ? 'would fit, but the lines after it cannot be set within the limits without it' : 'cannot break and does not fit in it';
  const what = l.nearEmpty ? 'is near empty' : `is set ragged, ${l.short!.toFixed(1)} em short of the measure`;
  const others = ragged.length > 1 ? ` (${ragged.length} lines of the paragraph are set ragged)` : '';
  return `line ${i + 1} of the paragraph "${head}", "${text.slice(l.start, l.stop)}", ${what}: the next piece "${piece}" ${why}, and no setting spreads it within 0.15 em between characters${others}; edit the copy to fill it`;
}

/** Everything a composition is made from besides its text: what shaping and composition are given, and nothing else. */
export interface Setting {
  faces: ShapeFaces;
  spans?: ShapeSpan[];
  punctuation: PunctWidth;
  compose: ComposeOptions;
}

interface Composition {
  missing: Cluster[];
  lines: ComposedLine[];
  variant(looseness: number): ComposedLine[] | null;
}

/**
 * Texts composed in a build context, by their whole setting and text. A rebuild after an edit
 * (the watch path) composes again only the paragraphs that changed. Composed lines are never
 * changed after they are made, so they are shared. A composition keeps its paragraph (for the
 * longer and shorter settings), about 1 KB per character: the least recently used are dropped
 * beyond about ten broadsheet pages of copy.
 */
/** Characters of composed text a cache keeps, the least recently used dropped beyond. */
const KEPT_CHARS = 60_000;

export class CompositionCache {
  private readonly entries = new Map<string, Composition & { chars: number }>();
  private chars = 0;
  private readonly faceNumbers = new IdentityNumbers();

  constructor(private maxChars = KEPT_CHARS) {}

  /** Keeps compositions from now on, even in a cache made to keep none: planning sets each text many times. */
  keepFromNow(): void {
    this.maxChars = Math.max(this.maxChars, KEPT_CHARS);
  }

  /** Characters of the texts kept. */
  get size(): number {
    return this.chars;
  }

  composed(text: string, setting: Setting): Composition {
    const key = `${this.settingKey(setting)}\n${text}`;
    let hit = this.entries.get(key);
    if (hit) {
      // Most recently used last, so that the oldest go first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const clusters = shapeText(text, setting.faces, setting.punctuation, GB, setting.spans);
    const paragraph = new Paragraph(clusters, setting.compose);
    const lines = paragraph.lines()!;
    const variants = new Map<number, ComposedLine[] | null>([[0, lines]]);
    hit = {
      missing: clusters.filter((c) => c.missing),
      lines,
      variant: (looseness) => {
        if (!variants.has(looseness)) variants.set(looseness, paragraph.lines(looseness));
        return variants.get(looseness)!;
      },
      chars: text.length,
    };
    this.entries.set(key, hit);
    this.chars += hit.chars;
    for (const [oldest, entry] of this.entries) {
      if (this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
    return hit;
  }

  /**
   * The setting written out whole, every field of every object in it, keys sorted: a field added
   * to a setting is part of the key without anyone listing it. A face stands as a number, the
   * same for as long as the face lives (a font file changed on disk gives new faces).
   */
  private settingKey(value: unknown): string {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error(`a composition setting cannot hold a ${typeof value}`);
      return value === undefined ? 'u' : JSON.stringify(value);
    }
    if (value instanceof Face) {
      return `f${this.faceNumbers.of(value)}`;
    }
    if (Array.isArray(value)) return `[${value.map((v) => this.settingKey(v)).join(',')}]`;
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`a composition setting cannot hold a ${value.constructor.name}: give it a key`);
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((k) => `${k}:${this.settingKey(record[k])}`)
      .join(',')}}`;
  }
}

/**
 * One composed line at page positions: its left edge at `x` and its baseline at `baseline`, a
 * glyph run per face, size and colour (a character style starts a run of its own).
 */
export function placeLine(line: ComposedLine, style: Style, x: number, baseline: number, cell?: GridCell): TextLine {
  const runs: GlyphRun[] = [];
  const em = style.size * style.hScale;
  let run: GlyphRun | undefined;
  for (const g of line.glyphs) {
    const scale = g.look?.scale ?? 1;
    const color = g.look?.color ?? style.color;
    const y = baseline + (g.dy ?? 0) * style.size;
    const rise = (g.look?.rise ?? 0) * style.size;
    if (!run || run.face !== g.face || run.size !== style.size * scale || run.color.some((v, i) => v !== color[i]) || run.baseline !== y || (run.rise ?? 0) !== rise) {
      run = { face: g.face, size: style.size * scale, color, hScale: style.hScale, baseline: y, ...(rise && { rise }), glyphs: [] };
      runs.push(run);
    }
    // A run's advances are in em of its own size.
    const glyph: RunGlyph = { id: g.id, x: x + g.x * em, advance: g.advance / scale, text: g.text, wordStart: g.wordStart };
    if (g.inserted) glyph.inserted = true;
    if (g.spaceAfter) glyph.spaceAfter = true;
    run.glyphs.push(glyph);
  }
  return cell ? { runs, cell } : { runs };
}
