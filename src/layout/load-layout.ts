/** Stage 2: resolve a layout by name or path into a page grid, fonts and styles. */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticList } from '../diagnostics.js';
import { fileStamp, notRegularFile, type StampedCache } from '../files.js';
import { FontLoadError, openFace, type Face, type FontStore } from '../fonts/font-set.js';
import { checkSchema, loadYaml, type YamlSource } from '../source/yaml-source.js';
import { INK_LIMIT, totalInk } from '../print-limits.js';
import { DEFAULT_PAGE_FILES, pageFilesProblem } from '../page-files.js';
import { inMm, mm, toPoints } from '../units.js';
import { DEFAULT_ADS, DEFAULT_INDEX_ENTRY, DEFAULT_JUMPS, DEFAULT_MAKEUP_WEIGHTS, PageGrid, type MastheadSettings, type Align, type CharacterStyle, type Cmyk, type KinsokuLevel, type Layout, type MakeupWeights, type PunctWidth, type Style } from './model.js';


/** Largest page side: PDF's own limit, 200 inches (14,400 pt, 5,080 mm). */
const MAX_PAGE_SIDE = 14_400;
/** Largest bleed, 20 mm: presses ask for 3–5 mm. */
const MAX_BLEED = mm(20);
/** Largest type size, in points (a poster's headline). */
const MAX_TYPE_SIZE = 1000;
/** Widest advance a glyph of a usable font has, in em. */
const MAX_ADVANCE_EM = 4;

/** Folder of the layouts shipped with paiban. */
export const LAYOUTS_DIR = fileURLToPath(new URL('../../layouts/', import.meta.url));

type Length = number | string;
interface StyleSpec {
  font: string;
  size: Length;
  leading?: number;
  align?: Align;
  indent?: number;
  turnover?: number;
  color?: string | number[];
  background?: string | number[];
  h_scale?: number;
  run_in?: boolean;
  space_before?: number;
  space_after?: number;
  kinsoku?: KinsokuLevel;
  punctuation?: PunctWidth;
  autospace?: number;
}
interface CharacterStyleSpec {
  font?: string;
  /** Size in % of the paragraph's. */
  size?: number;
  color?: string | number[];
}
interface LayoutSpec {
  extends?: string;
  name: string;
  page: { width: Length; height: Length; bleed?: Length };
  grid: {
    columns: number;
    column_chars: number;
    gutter_chars: number;
    lines: number;
    body_size: Length;
    line_pitch: Length;
    top: Length;
    left?: Length;
  };
  fonts: Record<string, { file: string; postscript_name?: string }>;
  fallback_fonts?: string[];
  colors?: Record<string, number[]>;
  box?: { rule?: number; tint?: number; inset?: number };
  print?: { page_files?: string; pdfx?: 'x1a' | 'x4' | 'none'; profile?: string; condition?: string; condition_name?: string; ink_limit?: number; marks?: boolean; gray_photos?: 'cmyk' | 'black' };
  jumps?: { continued_to?: string; continued_from?: string; continuation_headline?: 'headline' | 'none'; min_lines?: number };
  masthead?: {
    name?: string;
    logo?: string;
    columns: number;
    lines: number;
    cn?: string;
    postal_code?: string;
    serial?: { date: string; number: number };
  };
  index?: { entry?: string };
  ads?: { label?: string; label_at?: 'top' | 'bottom' | 'none'; tolerance?: number };
  templates?: Record<string, object>;
  elastic?: { photo_aspect?: [number, number]; headline_levels?: [number, number]; headline_lines?: number };
  makeup?: { alternatives?: number; weights?: Partial<MakeupWeights> };
  styles: Record<string, StyleSpec>;
  character_styles?: Record<string, CharacterStyleSpec>;
}

type Locate = YamlSource<unknown>['locate'];

/** Fields of a layout that name files, each resolved against the folder of the layout file that names it. */
const FILE_FIELDS: ((spec: LayoutSpec) => { holder: Record<string, unknown>; key: string }[])[] = [
  (spec) => Object.values(spec.fonts ?? {}).map((f) => ({ holder: f, key: 'file' })),
  (spec) => (spec.print ? [{ holder: spec.print, key: 'profile' }] : []),
  (spec) => (spec.masthead ? [{ holder: spec.masthead, key: 'logo' }] : []),
];

/** A layout as read: its data merged over those it extends, where each field was written, and the files read. */
interface LayoutSource {
  data: LayoutSpec;
  locate: Locate;
  files: string[];
}

/**
 * Reads a layout file and, when it `extends` another (a layout's name, or a path relative to
 * it), that one first: maps are merged field by field, anything else (a list, a number) is
 * replaced. File paths resolve against the file that names them, so a layout kept elsewhere
 * that extends a shipped one still finds the shipped fonts. A field is located in the file
 * that wrote it.
 */
function readLayoutSource(file: string, chain: readonly string[] = []): LayoutSource {
  const own = loadYaml<LayoutSpec>(file, 'layout-part', 'layout');
  const dir = dirname(file);
  for (const field of FILE_FIELDS) {
    for (const { holder, key } of field(own.data)) if (typeof holder[key] === 'string') holder[key] = resolve(dir, holder[key] as string);
  }
  const { extends: base, ...data } = own.data;
  if (base === undefined) return { data: own.data, locate: own.locate, files: [file] };
  const diags = new DiagnosticList();
  const at = own.locate(['extends']);
  const baseFile = layoutPath(base, dir);
  const within = (root: string) => {
    const rel = relative(root, baseFile);
    return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  };
  if (!within(dir) && !within(LAYOUTS_DIR)) diags.error(`layout "${base}" lies outside the folder of the layout that extends it and paiban's layouts/`, at);
  else if ([...chain, file].includes(baseFile)) diags.error(`extends goes round in a circle: ${[...chain, file, baseFile].map((f) => relative(dir, f) || f).join(' → ')}`, at);
  else if (!existsSync(baseFile)) diags.error(`layout "${base}" not found (${baseFile})`, at);
  else if (notRegularFile(baseFile)) diags.error(`layout "${base}" ${notRegularFile(baseFile)}`, at);
  diags.throwIfErrors();
  const parent = readLayoutSource(baseFile, [...chain, file]);
  const written = (path: readonly (string | number)[]) => {
    let v: unknown = data;
    for (const k of path) {
      if (!v || typeof v !== 'object' || !(k in v)) return false;
      v = (v as Record<string | number, unknown>)[k];
    }
    return true;
  };
  return {
    data: deepMerge(parent.data, data) as LayoutSpec,
    locate: (path) => (path.length && written(path) ? own.locate(path) : path.length === 0 ? own.locate(path) : parent.locate(path)),
    files: [file, ...parent.files],
  };
}

/** `over` laid on `base`: maps merged key by key, other values replaced. */
function deepMerge(base: unknown, over: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(base) || !isMap(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

/** The bundled newsprint profile (see color/README.md). */
const DEFAULT_PROFILE = fileURLToPath(new URL('../../color/SNAP-TR002-newsprint.icc', import.meta.url));

/**
 * Styles a layout may leave out, made from the first of its styles named: the jump lines of a
 * story that continues on another page (flush right, never indented), and its continuation
 * headline (接题).
 */
const DERIVED_STYLES: Record<string, [string[], Partial<Style>]> = {
  jump_line: [['body'], { align: 'right', indent: 0 }],
  continuation_headline: [['headline_3', 'subtitle'], {}],
  masthead_info: [['running_head'], { align: 'left', indent: 0 }],
  ad_label: [['credit'], { align: 'right', indent: 0 }],
  // A layout without table styles sets tables in the body's face, flush left; its header likewise.
  table: [['body'], { align: 'left', indent: 0 }],
  table_header: [['table'], {}],
  table_note: [['table'], { align: 'justify', indent: 0 }],
};

/** Styles every layout must define, because the page composer sets these elements. */
const REQUIRED_STYLES = [
  'body', 'headline', 'kicker', 'subtitle', 'byline', 'author', 'label',
  'section_heading', 'section_subtitle', 'caption', 'credit', 'running_head', 'banner',
] as const;

/** Finds a layout: a path to a YAML file (relative to `baseDir`) or the name of a shipped layout. */
export function layoutPath(ref: string, baseDir: string): string {
  if (/\.ya?ml$/i.test(ref)) return resolve(baseDir, ref);
  return resolve(LAYOUTS_DIR, `${ref}.yaml`);
}

/**
 * Reads a layout file and opens its fonts. A build context keeps the layouts it has read: a
 * rebuild (watch, export) reuses one while neither the layout file nor any of its fonts has
 * changed.
 */
/** What reading a layout needs of a build context: the layouts and font files read so far. */
export interface LayoutStore extends FontStore {
  readonly layouts: StampedCache<Layout>;
}

export function loadLayout(context: LayoutStore, file: string): Layout {
  const cached = context.layouts.get(file);
  if (cached) return cached;
  const layoutStamp = fileStamp(file);
  const diags = new DiagnosticList();
  if (!existsSync(file)) {
    diags.error('layout not found', { file });
    diags.throwIfErrors();
  }
  const source = readLayoutSource(file);
  checkSchema(source.data, 'layout', source.locate, diags);
  diags.throwIfErrors();
  const spec = source.data;
  const dir = dirname(file);

  /** A length of the layout in points, at most `max` (points; said in mm, or pt for type sizes). */
  const length = (value: Length, path: (string | number)[], max: number, unit: 'mm' | 'pt' = 'mm'): number => {
    const pt = toPoints(value);
    if (pt > max + 1e-9) {
      const said = (v: number) => (unit === 'mm' ? `${+inMm(v).toFixed(2)} mm` : `${+v.toFixed(2)} pt`);
      diags.error(`must be at most ${said(max)}, not ${said(pt)}`, source.locate(path));
      return Math.min(pt, max);
    }
    return pt;
  };
  /** A side of the page: more than nothing, at most PDF's largest. */
  const side = (value: Length, path: (string | number)[]): number => {
    const pt = length(value, path, MAX_PAGE_SIDE);
    if (pt <= 0) diags.error('a page side must be more than 0 mm', source.locate(path));
    return pt;
  };
  const g = spec.grid;
  const grid = new PageGrid(
    side(spec.page.width, ['page', 'width']),
    side(spec.page.height, ['page', 'height']),
    spec.page.bleed !== undefined ? length(spec.page.bleed, ['page', 'bleed'], MAX_BLEED) : 0,
    g.columns,
    g.column_chars,
    g.gutter_chars,
    g.lines,
    length(g.body_size, ['grid', 'body_size'], MAX_TYPE_SIZE, 'pt'),
    length(g.line_pitch, ['grid', 'line_pitch'], MAX_TYPE_SIZE * 10, 'pt'),
    length(g.top, ['grid', 'top'], MAX_PAGE_SIDE),
    g.left !== undefined ? length(g.left, ['grid', 'left'], MAX_PAGE_SIDE) : undefined,
  );
  // A page of no size is said at its side; that no type area fits it goes without saying.
  if (grid.pageWidth > 0 && grid.pageHeight > 0 && (grid.left < 0 || grid.left + grid.width > grid.pageWidth || grid.top + grid.height > grid.pageHeight)) {
    diags.error('the type area does not fit on the page', source.locate(['grid']));
  }
  if (grid.pitch < grid.bodySize) diags.error('line_pitch is smaller than body_size', source.locate(['grid', 'line_pitch']));

  const faces = new Map<string, Face>();
  for (const [role, f] of Object.entries(spec.fonts)) {
    const notFile = notRegularFile(resolve(dir, f.file));
    if (notFile) {
      diags.error(`font file ${f.file} ${notFile}`, source.locate(['fonts', role, 'file']));
      continue;
    }
    try {
      const face = openFace(context, role, resolve(dir, f.file), f.postscript_name);
      const impossible = impossibleMetrics(face);
      if (impossible) diags.error(`cannot use font ${f.file}: ${impossible}`, source.locate(['fonts', role, 'file']));
      else faces.set(role, face);
    } catch (e) {
      if (!(e instanceof FontLoadError)) throw e;
      diags.error(e.message, source.locate(['fonts', role, 'file']));
    }
  }
  diags.throwIfErrors();

  const colors = new Map<string, Cmyk>([['black', [0, 0, 0, 1]], ['white', [0, 0, 0, 0]]]);
  for (const [name, v] of Object.entries(spec.colors ?? {})) colors.set(name, toCmyk(v));

  const bodyRole = spec.styles.body?.font;
  const fallbackRoles = spec.fallback_fonts ?? (bodyRole ? [bodyRole] : []);
  for (const [i, role] of fallbackRoles.entries()) {
    if (!faces.has(role)) diags.error(`no font role "${role}"`, source.locate(['fallback_fonts', i]));
  }
  /** A style's colour: named in `colors`, or CMYK percentages. */
  const colorOf = (value: string | number[], path: (string | number)[]): Cmyk | undefined => {
    if (typeof value !== 'string') return toCmyk(value);
    const named = colors.get(value);
    if (!named) diags.error(`no colour named "${value}"`, source.locate(path));
    return named;
  };
  const fallbackFaces = fallbackRoles.map((r) => faces.get(r)).filter((f): f is Face => !!f);
  const fallbacksOf = (face: Face) => fallbackChain(face, [...fallbackFaces, ...faces.values()], fallbackFaces.length);
  const styles = new Map<string, Style>();
  for (const [name, s] of Object.entries(spec.styles)) {
    const face = faces.get(s.font);
    if (!face) {
      diags.error(`no font role "${s.font}" in fonts`, source.locate(['styles', name, 'font']));
      continue;
    }
    const color: Cmyk = (s.color !== undefined && colorOf(s.color, ['styles', name, 'color'])) || [0, 0, 0, 1];
    const background = s.background === undefined ? undefined : colorOf(s.background, ['styles', name, 'background']);
    styles.set(name, {
      ...(background && { background }),
      ...(s.run_in && { runIn: true }),
      ...(s.turnover !== undefined && { turnover: s.turnover }),
      name,
      face,
      fallbacks: fallbacksOf(face),
      size: length(s.size, ['styles', name, 'size'], MAX_TYPE_SIZE, 'pt'),
      leading: s.leading ?? 1.2,
      align: s.align ?? 'justify',
      indent: s.indent ?? 0,
      color,
      hScale: (s.h_scale ?? 100) / 100,
      spaceBefore: s.space_before ?? 0,
      spaceAfter: s.space_after ?? 0,
      kinsoku: s.kinsoku ?? 'gb',
      punctuation: s.punctuation ?? 'full',
      autospace: s.autospace ?? 0.25,
    });
  }
  const characterStyles = new Map<string, CharacterStyle>();
  for (const [name, c] of Object.entries(spec.character_styles ?? {})) {
    const face = c.font === undefined ? undefined : faces.get(c.font);
    if (c.font !== undefined && !face) diags.error(`no font role "${c.font}" in fonts`, source.locate(['character_styles', name, 'font']));
    const color = c.color === undefined ? undefined : colorOf(c.color, ['character_styles', name, 'color']);
    characterStyles.set(name, { name, ...(face && { face }), fallbacks: face ? fallbacksOf(face) : [], scale: (c.size ?? 100) / 100, ...(color && { color }) });
  }
  for (const name of REQUIRED_STYLES) {
    if (!spec.styles[name]) diags.error(`missing style "${name}"`, source.locate(['styles']));
  }
  for (const [name, [base, changes]] of Object.entries(DERIVED_STYLES)) {
    const from = base.map((b) => styles.get(b)).find((st) => st);
    if (!styles.has(name) && from) styles.set(name, { ...from, ...changes, name });
  }
  const print = spec.print ?? {};
  const pageFilesWrong = print.page_files !== undefined && pageFilesProblem(print.page_files);
  if (pageFilesWrong) diags.error(pageFilesWrong, source.locate(['print', 'page_files']));
  const profile = print.profile ? resolve(dir, print.profile) : DEFAULT_PROFILE;
  if (!existsSync(profile)) diags.error(`output profile not found: ${profile}`, source.locate(['print', 'profile']));
  else if (notRegularFile(profile)) diags.error(`output profile ${profile} ${notRegularFile(profile)}`, source.locate(['print', 'profile']));
  const inkLimit = print.ink_limit === undefined ? INK_LIMIT : print.ink_limit / 100;
  for (const [name, c] of colors) {
    const ink = totalInk(c);
    if (ink > inkLimit + 1e-9) diags.error(`colour "${name}" has ${Math.round(ink * 100)} % ink, more than the limit of ${Math.round(inkLimit * 100)} %`, source.locate(['colors', name]));
  }
  const masthead = spec.masthead && mastheadSettings(spec, grid, styles, source.locate, diags);
  for (const field of ['photo_aspect', 'headline_levels'] as const) {
    const range = spec.elastic?.[field];
    if (range && range[0] > range[1]) diags.error(`elastic.${field} gives its least (${range[0]}) above its most (${range[1]})`, source.locate(['elastic', field]));
  }
  diags.throwIfErrors();

  const layout: Layout = {
    name: spec.name,
    file,
    grid,
    styles,
    characterStyles,
    colors,
    box: { rule: spec.box?.rule ?? 0.75, tint: spec.box?.tint ?? 0, inset: spec.box?.inset ?? 1 },
    pageFiles: print.page_files ?? DEFAULT_PAGE_FILES,
    masthead,
    indexEntry: spec.index?.entry ?? DEFAULT_INDEX_ENTRY,
    ads: {
      label: spec.ads?.label ?? DEFAULT_ADS.label,
      labelAt: spec.ads?.label_at ?? DEFAULT_ADS.labelAt,
      tolerance: spec.ads?.tolerance === undefined ? DEFAULT_ADS.tolerance : spec.ads.tolerance / 100,
    },
    templates: new Map(Object.entries(spec.templates ?? {})),
    files: source.files,
    jumps: {
      continuedTo: spec.jumps?.continued_to ?? DEFAULT_JUMPS.continuedTo,
      continuedFrom: spec.jumps?.continued_from ?? DEFAULT_JUMPS.continuedFrom,
      continuationHeadline: (spec.jumps?.continuation_headline ?? 'headline') === 'headline',
      minLines: spec.jumps?.min_lines ?? DEFAULT_JUMPS.minLines,
    },
    elastic: {
      photoAspect: spec.elastic?.photo_aspect ?? [0.6, 2],
      headlineLevels: spec.elastic?.headline_levels ?? [1, 3],
      headlineLines: spec.elastic?.headline_lines ?? 2,
    },
    makeup: { weights: { ...DEFAULT_MAKEUP_WEIGHTS, ...spec.makeup?.weights }, alternatives: spec.makeup?.alternatives ?? 3 },
    print: {
      pdfx: print.pdfx ?? 'x1a',
      profile,
      condition: print.condition ?? (print.profile ? '' : 'CGATS TR 002'),
      conditionName: print.condition_name ?? (print.profile ? '' : 'Coldset offset printing on newsprint (ANSI CGATS/SNAP TR 002)'),
      inkLimit,
      marks: print.marks ?? false,
      grayPhotosBlack: print.gray_photos === 'black',
    },
  };
  // Each font as it was when read, so that one replaced while the layout loaded is read again next time.
  const fonts = [...layout.styles.values(), ...layout.characterStyles.values()].flatMap((st) => [st.face ?? [], ...st.fallbacks].flat()).map((f): [string, string] => [f.file, f.font.sfnt.stamp]);
  const bases = source.files.slice(1).map((f): [string, string] => [f, fileStamp(f)]);
  return context.layouts.set(file, layout, [[file, layoutStamp], ...bases, ...fonts]);
}

/** The masthead's settings; its name block must leave columns for the date and numbers, and a name set as type needs the style `masthead`. */
function mastheadSettings(spec: LayoutSpec, grid: PageGrid, styles: Map<string, Style>, locate: Locate, diags: DiagnosticList): MastheadSettings | undefined {
  const m = spec.masthead!;
  if (m.columns >= grid.columns) diags.error(`the name block takes ${m.columns} of the grid's ${grid.columns} columns; leave at least one for the date and numbers`, locate(['masthead', 'columns']));
  if (m.lines > grid.lines) diags.error(`the masthead is ${m.lines} lines high, more than the grid's ${grid.lines}`, locate(['masthead', 'lines']));
  if (!m.logo && !styles.has('masthead')) diags.error('a masthead set as type needs the style "masthead" (or give a logo)', locate(['masthead']));
  if (m.logo && !existsSync(m.logo)) diags.error(`logo file not found: ${m.logo}`, locate(['masthead', 'logo']));
  else if (m.logo && notRegularFile(m.logo)) diags.error(`logo file ${m.logo} ${notRegularFile(m.logo)}`, locate(['masthead', 'logo']));
  return {
    name: m.name,
    logo: m.logo,
    columns: m.columns,
    lines: m.lines,
    cn: m.cn,
    postalCode: m.postal_code,
    serial: m.serial,
    source: locate(['masthead', m.logo ? 'logo' : 'name']),
  };
}

/**
 * What makes a font impossible to set with, if anything: an advance no real font has. A CJK font's
 * ideographs are about 1 em wide and its Latin letters less; a damaged advance table (all 0xFF)
 * would set one character per line, and a zero advance would set every character on top of the last.
 */
function impossibleMetrics(face: Face): string | undefined {
  for (const ch of ['中', '国', '一', 'a', 'H', '0']) {
    const glyph = face.glyph(ch.codePointAt(0)!);
    if (!glyph) continue;
    const ideograph = /\p{Script=Han}/u.test(ch);
    if (glyph.advance > MAX_ADVANCE_EM || (ideograph && glyph.advance <= 0)) {
      return `its advance table gives ${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) a width of ${+glyph.advance.toFixed(3)} em, where ${ideograph ? 'an ideograph is about 1 em' : 'a letter is under 1 em'}; the font is damaged`;
    }
  }
  return undefined;
}

/**
 * A colour an issue file gives (a box's fill or rule, a rule between stories): one the layout
 * names, or CMYK percentages, within the layout's ink limit; otherwise what is wrong with it.
 */
export function issueColor(layout: Layout, value: string | readonly number[]): { color: Cmyk } | { problem: string } {
  const color = typeof value === 'string' ? layout.colors.get(value) : toCmyk(value);
  if (!color) return { problem: `no colour named "${value}" in layout ${layout.name} (${[...layout.colors.keys()].join(', ')})` };
  const ink = totalInk(color);
  if (ink > layout.print.inkLimit + 1e-9) return { problem: `colour has ${Math.round(ink * 100)} % ink, more than the limit of ${Math.round(layout.print.inkLimit * 100)} %` };
  return { color };
}

function toCmyk(v: readonly number[]): Cmyk {
  return [v[0] / 100, v[1] / 100, v[2] / 100, v[3] / 100];
}

export function style(layout: Layout, name: (typeof REQUIRED_STYLES)[number] | keyof typeof DERIVED_STYLES): Style {
  const s = layout.styles.get(name);
  if (!s) throw new Error(`layout ${layout.name} has no style ${name}`);
  return s;
}

/** Weight from which a face is bold: a character a bold face lacks is not printed in a regular one as it is. */
const BOLD_WEIGHT = 600;
/** Stroke of synthetic bold, in em, per 100 of weight a lighter face stands in for: 0.04 em from regular (400) to black (900). */
const SYNTHETIC_STROKE_PER_100 = 0.008;

/**
 * The faces tried, in order, for a character `face` lacks: the layout's other fonts, nearest
 * first — of the same class (bold from 600, or regular), nearest in weight, then those of the
 * first `listedFirst` (`fallback_fonts`), then of the same family (Noto Serif CJK Bold for its
 * Black), then serif or sans as `face` is, then as listed. A bold face's Han characters found only in a regular face are set
 * in that face made bold by a stroke as much wider as the weights differ.
 */
export function fallbackChain(face: Face, listed: readonly Face[], listedFirst: number): Face[] {
  const bold = (f: Face) => f.weight >= BOLD_WEIGHT;
  const fonts = new Set([face.font]);
  const others = listed.filter((f) => !fonts.has(f.font) && fonts.add(f.font));
  const fallbacks = new Set(listed.slice(0, listedFirst));
  const rank = (f: Face) => [bold(f) === bold(face) ? 0 : 1, Math.abs(f.weight - face.weight), fallbacks.has(f) ? 0 : 1, f.family === face.family ? 0 : 1, f.sans === face.sans ? 0 : 1];
  const ranked = others
    .map((f, order) => ({ f, key: [...rank(f), order] }))
    .sort((a, b) => {
      const k = a.key.findIndex((v, i) => v !== b.key[i]);
      return k < 0 ? 0 : a.key[k] - b.key[k];
    })
    .map(({ f }) => f);
  if (!bold(face)) return ranked;
  const lighter = ranked.filter((f) => !bold(f));
  const stroke = (f: Face) => Math.round(((face.weight - f.weight) / 100) * SYNTHETIC_STROKE_PER_100 * 1000) / 1000;
  return [...ranked.filter(bold), ...lighter.map((f) => f.emboldened(stroke(f))), ...lighter];
}
