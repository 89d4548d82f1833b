/**
 * The OpenType layout features composition asks of a font for single marks: `fwid` (the
 * full-width form of — … ·), `halt` (where the blank half of a full-width mark lies), the
 * font's own ligature for a doubled dash, and `vert`/`vrt2` (the forms of vertical text). Only what those need is read: single and ligature
 * substitution (GSUB 1, 4), single positioning (GPOS 1), through extension lookups (GSUB 7,
 * GPOS 9). Contextual lookups are not applied: no font we know uses them for these features.
 */

/** Features a shaper applies to every run (as HarfBuzz and fontkit do), besides those asked for. */
const DEFAULT_SUBSTITUTIONS = ['ccmp', 'locl', 'rlig', 'calt', 'clig', 'liga', 'rclt'];
const DEFAULT_POSITIONS = ['kern', 'mark', 'mkmk', 'curs'];
/** The features composition asks for, besides the default ones: `vert` and `vrt2` give the forms of vertical text (竖排). */
export type MarkFeature = 'fwid' | 'halt' | 'vert' | 'vrt2';
const MARK_FEATURES: MarkFeature[] = ['fwid', 'halt', 'vert', 'vrt2'];

const SINGLE_SUBSTITUTION = 1;
const LIGATURE_SUBSTITUTION = 4;
const SUBSTITUTION_EXTENSION = 7;
const SINGLE_POSITIONING = 1;
const POSITIONING_EXTENSION = 9;

/** Scripts tried in order for marks shared by Chinese and other text. */
const SCRIPT_PREFERENCE = ['hani', 'DFLT', 'latn'];

export interface SingleAdjustment {
  /** Horizontal shift of the glyph, in font units. */
  xPlacement: number;
  /** Change of its advance, in font units. */
  xAdvance: number;
}

/** One of GSUB and GPOS: its features and lookups. */
class LookupTable {
  /** Every feature tag the table has, under any script. */
  readonly features = new Set<string>();
  /** Lookup indices of each feature under the chosen script's default language. */
  private readonly featureLookups = new Map<string, number[]>();

  constructor(
    private readonly data: Buffer,
    private readonly extensionType: number,
  ) {
    const featureList = data.readUInt16BE(6);
    const featureCount = data.readUInt16BE(featureList);
    const featureTag = (i: number) => data.toString('latin1', featureList + 2 + 6 * i, featureList + 6 + 6 * i);
    for (let i = 0; i < featureCount; i++) this.features.add(featureTag(i));
    for (const index of this.defaultLanguageFeatures()) {
      if (index >= featureCount) continue;
      const feature = featureList + data.readUInt16BE(featureList + 6 + 6 * index);
      const count = data.readUInt16BE(feature + 2);
      const lookups = Array.from({ length: count }, (_, k) => data.readUInt16BE(feature + 4 + 2 * k));
      const tag = featureTag(index);
      this.featureLookups.set(tag, [...(this.featureLookups.get(tag) ?? []), ...lookups]);
    }
  }

  /** Feature indices of the default language system of the preferred script present. */
  private defaultLanguageFeatures(): number[] {
    const d = this.data;
    const scriptList = d.readUInt16BE(4);
    const count = d.readUInt16BE(scriptList);
    const scripts = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const r = scriptList + 2 + 6 * i;
      scripts.set(d.toString('latin1', r, r + 4), scriptList + d.readUInt16BE(r + 4));
    }
    const script = SCRIPT_PREFERENCE.map((t) => scripts.get(t)).find((s) => s !== undefined) ?? scripts.values().next().value;
    if (script === undefined) return [];
    // The default language system, or else the first one listed (its record: a tag, then the offset).
    const defaultLangSys = d.readUInt16BE(script);
    const langSys = defaultLangSys ? script + defaultLangSys : d.readUInt16BE(script + 2) ? script + d.readUInt16BE(script + 8) : 0;
    if (!langSys) return [];
    const n = d.readUInt16BE(langSys + 4);
    return Array.from({ length: n }, (_, i) => d.readUInt16BE(langSys + 6 + 2 * i));
  }

  /** Lookup indices of `features`, in the order the lookup list gives (the order they apply in). */
  lookupsFor(features: readonly string[]): number[] {
    return [...new Set(features.flatMap((f) => this.featureLookups.get(f) ?? []))].sort((a, b) => a - b);
  }

  /** The lookup's type and its subtables' offsets, extension subtables resolved. */
  subtables(lookupIndex: number): { type: number; offsets: number[] } {
    const d = this.data;
    const lookupList = d.readUInt16BE(8);
    const lookup = lookupList + d.readUInt16BE(lookupList + 2 + 2 * lookupIndex);
    let type = d.readUInt16BE(lookup);
    const count = d.readUInt16BE(lookup + 4);
    const offsets: number[] = [];
    for (let i = 0; i < count; i++) {
      let sub = lookup + d.readUInt16BE(lookup + 6 + 2 * i);
      if (type === this.extensionType) {
        const realType = d.readUInt16BE(sub + 2);
        sub += d.readUInt32BE(sub + 4);
        if (i === 0) type = realType;
      }
      offsets.push(sub);
    }
    return { type, offsets };
  }

  /** Reads the last entry of the coverage table at `at` (a RangeError if it runs past the table). */
  touchCoverage(at: number): void {
    const d = this.data;
    const count = d.readUInt16BE(at + 2);
    if (count) d.readUInt16BE(at + 4 + (d.readUInt16BE(at) === 1 ? 2 * (count - 1) : 6 * (count - 1) + 4));
  }

  /** Index of `glyph` in the coverage table at `at`, or -1. */
  coverage(at: number, glyph: number): number {
    const d = this.data;
    const format = d.readUInt16BE(at);
    const count = d.readUInt16BE(at + 2);
    let lo = 0;
    let hi = count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (format === 1) {
        const g = d.readUInt16BE(at + 4 + 2 * mid);
        if (g === glyph) return mid;
        if (g < glyph) lo = mid + 1;
        else hi = mid - 1;
      } else {
        const r = at + 4 + 6 * mid;
        const start = d.readUInt16BE(r);
        if (glyph < start) hi = mid - 1;
        else if (glyph > d.readUInt16BE(r + 2)) lo = mid + 1;
        else return d.readUInt16BE(r + 4) + glyph - start;
      }
    }
    return -1;
  }

  get buffer(): Buffer {
    return this.data;
  }
}

export class LayoutFeatures {
  private readonly gsub: LookupTable | null;
  private readonly gpos: LookupTable | null;

  /** Throws a RangeError when a table is damaged where these features would read it. */
  constructor(gsub: Buffer | null, gpos: Buffer | null) {
    this.gsub = gsub ? new LookupTable(gsub, SUBSTITUTION_EXTENSION) : null;
    this.gpos = gpos ? new LookupTable(gpos, POSITIONING_EXTENSION) : null;
    // Every structure a lookup could read later is read once now, so that a damaged font is
    // refused when it is opened and not halfway through a page.
    for (const index of this.gsub?.lookupsFor([...DEFAULT_SUBSTITUTIONS, ...MARK_FEATURES]) ?? []) {
      const { type, offsets } = this.gsub!.subtables(index);
      for (const sub of offsets) {
        if (type === SINGLE_SUBSTITUTION) touchSingleSubstitution(this.gsub!, sub);
        if (type === LIGATURE_SUBSTITUTION) touchLigatures(this.gsub!, sub);
      }
    }
    for (const index of this.gpos?.lookupsFor([...DEFAULT_POSITIONS, ...MARK_FEATURES]) ?? []) {
      const { type, offsets } = this.gpos!.subtables(index);
      if (type === SINGLE_POSITIONING) for (const sub of offsets) touchSingleAdjustment(this.gpos!, sub);
    }
  }

  has(feature: string): boolean {
    return !!(this.gsub?.features.has(feature) || this.gpos?.features.has(feature));
  }

  /** The glyphs after the single and ligature substitutions of `features` and the default ones. */
  substitute(glyphs: readonly number[], features: readonly MarkFeature[]): number[] {
    const table = this.gsub;
    let run = [...glyphs];
    if (!table) return run;
    for (const index of table.lookupsFor([...DEFAULT_SUBSTITUTIONS, ...features])) {
      const { type, offsets } = table.subtables(index);
      if (type !== SINGLE_SUBSTITUTION && type !== LIGATURE_SUBSTITUTION) continue;
      const next: number[] = [];
      for (let i = 0; i < run.length; ) {
        let applied: { glyph: number; length: number } | null = null;
        for (const sub of offsets) {
          applied = type === SINGLE_SUBSTITUTION ? singleSubstitution(table, sub, run[i]) : ligature(table, sub, run, i);
          if (applied) break;
        }
        next.push(applied?.glyph ?? run[i]);
        i += applied?.length ?? 1;
      }
      run = next;
    }
    return run;
  }

  /** The single-positioning adjustments `features` (and the default ones) make to a glyph standing alone. */
  adjustment(glyph: number, features: readonly MarkFeature[]): SingleAdjustment {
    const total = { xPlacement: 0, xAdvance: 0 };
    const table = this.gpos;
    if (!table) return total;
    for (const index of table.lookupsFor([...DEFAULT_POSITIONS, ...features])) {
      const { type, offsets } = table.subtables(index);
      if (type !== SINGLE_POSITIONING) continue;
      for (const sub of offsets) {
        const found = singleAdjustment(table, sub, glyph);
        if (!found) continue;
        total.xPlacement += found.xPlacement;
        total.xAdvance += found.xAdvance;
        break;
      }
    }
    return total;
  }
}

function singleSubstitution(table: LookupTable, sub: number, glyph: number): { glyph: number; length: number } | null {
  const d = table.buffer;
  const index = table.coverage(sub + d.readUInt16BE(sub + 2), glyph);
  if (index < 0) return null;
  const format = d.readUInt16BE(sub);
  if (format === 1) return { glyph: (glyph + d.readInt16BE(sub + 4)) & 0xffff, length: 1 };
  return { glyph: d.readUInt16BE(sub + 6 + 2 * index), length: 1 };
}

function ligature(table: LookupTable, sub: number, run: readonly number[], at: number): { glyph: number; length: number } | null {
  const d = table.buffer;
  const index = table.coverage(sub + d.readUInt16BE(sub + 2), run[at]);
  if (index < 0) return null;
  const set = sub + d.readUInt16BE(sub + 6 + 2 * index);
  const count = d.readUInt16BE(set);
  for (let k = 0; k < count; k++) {
    const lig = set + d.readUInt16BE(set + 2 + 2 * k);
    const components = d.readUInt16BE(lig + 2);
    if (at + components > run.length) continue;
    let match = true;
    for (let c = 1; c < components && match; c++) match = d.readUInt16BE(lig + 2 + 2 * c) === run[at + c];
    if (match) return { glyph: d.readUInt16BE(lig), length: components };
  }
  return null;
}

function singleAdjustment(table: LookupTable, sub: number, glyph: number): SingleAdjustment | null {
  const d = table.buffer;
  const index = table.coverage(sub + d.readUInt16BE(sub + 2), glyph);
  if (index < 0) return null;
  const format = d.readUInt16BE(sub);
  const valueFormat = d.readUInt16BE(sub + 4);
  const record = format === 1 ? sub + 6 : sub + 8 + index * valueRecordSize(valueFormat);
  return readValueRecord(d, record, valueFormat);
}

/** Bytes of a value record: two for each field its format names. */
function valueRecordSize(format: number): number {
  let size = 0;
  for (let bit = format & 0xff; bit; bit >>= 1) size += (bit & 1) * 2;
  return size;
}

function readValueRecord(d: Buffer, at: number, format: number): SingleAdjustment {
  let pos = at;
  const field = (bit: number) => {
    if (!(format & bit)) return 0;
    const v = d.readInt16BE(pos);
    pos += 2;
    return v;
  };
  const xPlacement = field(0x1);
  field(0x2); // YPlacement
  const xAdvance = field(0x4);
  return { xPlacement, xAdvance };
}

function touchSingleSubstitution(table: LookupTable, sub: number): void {
  const d = table.buffer;
  table.touchCoverage(sub + d.readUInt16BE(sub + 2));
  if (d.readUInt16BE(sub) === 1) d.readInt16BE(sub + 4);
  else if (d.readUInt16BE(sub + 4)) d.readUInt16BE(sub + 6 + 2 * (d.readUInt16BE(sub + 4) - 1));
}

function touchLigatures(table: LookupTable, sub: number): void {
  const d = table.buffer;
  table.touchCoverage(sub + d.readUInt16BE(sub + 2));
  for (let i = 0; i < d.readUInt16BE(sub + 4); i++) {
    const set = sub + d.readUInt16BE(sub + 6 + 2 * i);
    for (let k = 0; k < d.readUInt16BE(set); k++) {
      const lig = set + d.readUInt16BE(set + 2 + 2 * k);
      const components = d.readUInt16BE(lig + 2);
      if (components > 1) d.readUInt16BE(lig + 2 + 2 * (components - 1));
    }
  }
}

function touchSingleAdjustment(table: LookupTable, sub: number): void {
  const d = table.buffer;
  table.touchCoverage(sub + d.readUInt16BE(sub + 2));
  const size = valueRecordSize(d.readUInt16BE(sub + 4));
  const records = d.readUInt16BE(sub) === 1 ? 1 : d.readUInt16BE(sub + 6);
  if (size && records) d.readUInt8((d.readUInt16BE(sub) === 1 ? sub + 6 : sub + 8) + records * size - 1);
}
