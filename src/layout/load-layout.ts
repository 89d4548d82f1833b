/** Stage 2: resolve a layout by name or path into a page grid, fonts and styles. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticList } from '../diagnostics.js';
import { fileStamp, notRegularFile, type StampedCache } from '../files.js';
import { FontLoadError, openFace, type Face, type FontStore } from '../fonts/font-set.js';
import { loadYaml } from '../source/yaml-source.js';
import { INK_LIMIT } from '../print-limits.js';
import { DEFAULT_PAGE_FILES, pageFilesProblem } from '../page-files.js';
import { toPoints } from '../units.js';
import { DEFAULT_JUMPS, PageGrid, type Align, type Cmyk, type KinsokuLevel, type Layout, type PunctWidth, type Style } from './model.js';


/** Largest page side: PDF's own limit, 200 inches (14,400 pt, 5,080 mm). */
const MAX_PAGE_SIDE = 14_400;
/** Largest bleed, 20 mm: presses ask for 3–5 mm. */
const MAX_BLEED = (20 * 72) / 25.4;
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
  color?: string | number[];
  h_scale?: number;
  space_before?: number;
  space_after?: number;
  kinsoku?: KinsokuLevel;
  punctuation?: PunctWidth;
  autospace?: number;
}
interface LayoutSpec {
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
  styles: Record<string, StyleSpec>;
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
  // A layout without table styles sets tables in the body's face, flush left; its header likewise.
  table: [['body'], { align: 'left', indent: 0 }],
  table_header: [['table'], {}],
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
  const source = loadYaml<LayoutSpec>(file, 'layout', 'layout');
  const spec = source.data;
  const dir = dirname(file);

  /** A length of the layout in points, at most `max` (points; said in mm, or pt for type sizes). */
  const length = (value: Length, path: (string | number)[], max: number, unit: 'mm' | 'pt' = 'mm'): number => {
    const pt = toPoints(value);
    if (pt > max + 1e-9) {
      const said = (v: number) => (unit === 'mm' ? `${+(v * 25.4 / 72).toFixed(2)} mm` : `${+v.toFixed(2)} pt`);
      diags.error(`must be at most ${said(max)}, not ${said(pt)}`, source.locate(path));
      return Math.min(pt, max);
    }
    return pt;
  };
  const g = spec.grid;
  const grid = new PageGrid(
    length(spec.page.width, ['page', 'width'], MAX_PAGE_SIDE),
    length(spec.page.height, ['page', 'height'], MAX_PAGE_SIDE),
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
  if (grid.left < 0 || grid.left + grid.width > grid.pageWidth || grid.top + grid.height > grid.pageHeight) {
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
  const styles = new Map<string, Style>();
  for (const [name, s] of Object.entries(spec.styles)) {
    const face = faces.get(s.font);
    if (!face) {
      diags.error(`no font role "${s.font}" in fonts`, source.locate(['styles', name, 'font']));
      continue;
    }
    let color: Cmyk = [0, 0, 0, 1];
    if (typeof s.color === 'string') {
      const named = colors.get(s.color);
      if (!named) diags.error(`no colour named "${s.color}"`, source.locate(['styles', name, 'color']));
      else color = named;
    } else if (s.color) color = toCmyk(s.color);
    styles.set(name, {
      name,
      face,
      fallbacks: fallbackRoles.map((r) => faces.get(r)).filter((f): f is Face => !!f && f !== face),
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
    const ink = c[0] + c[1] + c[2] + c[3];
    if (ink > inkLimit + 1e-9) diags.error(`colour "${name}" has ${Math.round(ink * 100)} % ink, more than the limit of ${Math.round(inkLimit * 100)} %`, source.locate(['colors', name]));
  }
  diags.throwIfErrors();

  const layout: Layout = {
    name: spec.name,
    file,
    grid,
    styles,
    colors,
    box: { rule: spec.box?.rule ?? 0.75, tint: spec.box?.tint ?? 0, inset: spec.box?.inset ?? 1 },
    pageFiles: print.page_files ?? DEFAULT_PAGE_FILES,
    jumps: {
      continuedTo: spec.jumps?.continued_to ?? DEFAULT_JUMPS.continuedTo,
      continuedFrom: spec.jumps?.continued_from ?? DEFAULT_JUMPS.continuedFrom,
      continuationHeadline: (spec.jumps?.continuation_headline ?? 'headline') === 'headline',
      minLines: spec.jumps?.min_lines ?? DEFAULT_JUMPS.minLines,
    },
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
  const fonts = [...layout.styles.values()].flatMap((st) => [st.face, ...st.fallbacks]).map((f): [string, string] => [f.file, f.font.sfnt.stamp]);
  return context.layouts.set(file, layout, [[file, layoutStamp], ...fonts]);
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

function toCmyk(v: readonly number[]): Cmyk {
  return [v[0] / 100, v[1] / 100, v[2] / 100, v[3] / 100];
}

export function style(layout: Layout, name: (typeof REQUIRED_STYLES)[number] | keyof typeof DERIVED_STYLES): Style {
  const s = layout.styles.get(name);
  if (!s) throw new Error(`layout ${layout.name} has no style ${name}`);
  return s;
}
