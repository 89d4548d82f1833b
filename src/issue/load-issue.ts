/** Stage 1: read an issue file, validate it, and read each article's copy. */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { notRegularFile, readFileCapped, readProblemText } from '../files.js';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';
import { layoutPath, LAYOUTS_DIR } from '../layout/load-layout.js';
import { readCopy } from './copy-text.js';
import type { Article, Issue, IssueSpec, Page } from './model.js';
import { readBookings } from './bookings.js';
import { cleanText, type TextPlace } from './text-hygiene.js';
import { decodeText, type TextEncoding } from '../source/decode-text.js';
import { didYouMean, fieldName, loadYaml, type YamlSource, type YamlSources } from '../source/yaml-source.js';
import { counted } from '../wording.js';

type DiagnosticPlace = Omit<Diagnostic, 'severity' | 'message'>;
type FieldPath = (string | number)[];


/** Largest copy file we read; a broadsheet page holds about 15,000 characters. */
const MAX_COPY_BYTES = 2 * 1024 * 1024;
/** Fields that name files, layouts or identifiers: used as written, never cleaned. */
/** Headline parts, where a line break in the copy says where the line breaks. */
const LINE_BREAK_FIELDS = new Set(['label', 'kicker', 'headline', 'subtitle', 'author', 'byline']);
const VERBATIM_FIELDS = new Set(['file', 'body_file', 'layout', 'id', 'name', 'date', 'encoding']);

export interface LoadOptions {
  /** Let body and photo files, and layouts, live outside the issue's folder (and, for layouts, paiban's layouts/). */
  allowOutside?: boolean;
  /** Issue files already read and checked, kept while unchanged (a build context's). */
  sources?: YamlSources;
}

export interface LoadedIssue {
  issue: Issue;
  warnings: Diagnostic[];
}

export function loadIssue(file: string, options: LoadOptions = {}): LoadedIssue {
  const source = loadYaml<IssueSpec>(file, 'issue', 'issue file', options.sources);
  const spec = source.data;
  const dir = dirname(resolve(file));
  const diags = new DiagnosticList();
  const encoding = spec.encoding === 'gbk' ? 'gb18030' : spec.encoding;

  const namedFiles: string[] = [];
  const insideIssue = (p: string, path: FieldPath): string | undefined => {
    const full = resolve(dir, p);
    if (!options.allowOutside && (outside(dir, full) || outside(realPath(dir), realPath(full)))) {
      diags.error(`"${p}" lies outside the issue's folder (use --allow-outside to permit it)`, source.locate(path));
      return undefined;
    }
    namedFiles.push(full);
    return full;
  };

  const [y, m, d] = spec.date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    diags.error(`${spec.date} is not a date`, source.locate(['date']));
  }
  const epochProblem = sourceDateEpochProblem(process.env.SOURCE_DATE_EPOCH);
  if (epochProblem) diags.error(epochProblem);
  const allowOutside = options.allowOutside ?? false;
  if (spec.layout !== undefined) checkLayout(spec.layout, dir, allowOutside, diags, source.locate(['layout']));
  cleanFields(spec, [], source, diags);

  /** An advertisement's file: inside the issue's folder, there, and a regular file. */
  function adFile(given: string, at: DiagnosticPlace, path: FieldPath): string | undefined {
    const full = insideIssue(given, path);
    if (full === undefined) return undefined;
    const problem = !existsSync(full) ? 'not found' : notRegularFile(full);
    if (problem) diags.error(`advertisement file "${given}" ${problem}`, at);
    return problem ? undefined : full;
  }
  const bookings = spec.bookings === undefined ? [] : readBookings(spec.bookings, ['bookings'], { dir, insideIssue, adFile, diags, at: source.locate(['bookings']) });

  const numbers = new Set<number>();
  const pages: Page[] = spec.pages.map((pageSpec, pi) => {
    if (numbers.has(pageSpec.number)) diags.error(`page number ${pageSpec.number} is used twice`, source.locate(['pages', pi, 'number']));
    numbers.add(pageSpec.number);
    if (pageSpec.layout !== undefined) checkLayout(pageSpec.layout, dir, allowOutside, diags, source.locate(['pages', pi, 'layout']));
    const ids = new Set<string>();
    const articles: Article[] = pageSpec.articles.map((a, ai) => {
      const path = ['pages', pi, 'articles', ai];
      if (ids.has(a.id)) diags.error(`article id "${a.id}" is used twice on this page`, source.locate([...path, 'id']));
      ids.add(a.id);
      if (a.contents === 'index' && (a.body !== undefined || a.body_file !== undefined)) {
        diags.error('an article whose contents is the index has no body or body_file of its own', source.locate([...path, 'contents']));
      }
      let copyPlace = a.body === undefined ? undefined : inlinePlace(source, [...path, 'body']);
      let blocks = a.body === undefined || copyPlace === undefined ? [] : readCopy(a.body, copyPlace, diags);
      if (a.headline_strip !== undefined && a.headline_direction !== 'vertical') {
        diags.error('headline_strip places a vertical headline: give headline_direction: vertical too, or leave the strip out', source.locate([...path, 'headline_strip']));
      }
      if (a.headline_lines !== undefined && a.headline_direction === 'vertical') {
        diags.error('a vertical headline stands beside the body, in its strip: give its height as headline_strip.lines, not headline_lines', source.locate([...path, 'headline_lines']));
      }
      if (a.body !== undefined && a.body_file !== undefined) {
        diags.error('give either body or body_file, not both', source.locate([...path, 'body_file']));
      } else if (a.body_file !== undefined) {
        const field = [...path, 'body_file'];
        const full = insideIssue(a.body_file, field);
        const copy = full === undefined ? undefined : readCopyFile(full, a.body_file, encoding, diags, source.locate(field));
        const shown = isAbsolute(a.body_file) ? a.body_file : join(dirname(file), a.body_file);
        copyPlace = { file: shown, line: 1, linesFollow: true, field: fieldName(field) };
        if (copy !== undefined) blocks = readCopy(copy, copyPlace, diags);
      }
      const photoFiles = (a.photos ?? []).map((photo, qi) => {
        const crop = photo.crop;
        if (crop && !(crop[0] < crop[2] && crop[1] < crop[3])) {
          diags.error(`the crop [left, top, right, bottom] keeps nothing: left must be less than right and top less than bottom`, source.locate([...path, 'photos', qi, 'crop']));
        }
        if ((photo.scale !== undefined || photo.offset !== undefined) && (photo.focus || photo.crop)) {
          diags.error(`scale and offset place the picture instead of ${photo.focus ? 'focus' : 'crop'}: give one or the other`, source.locate([...path, 'photos', qi, photo.scale !== undefined ? 'scale' : 'offset']));
        }
        if (photo.across && !(photo.at && a.frame && !photo.elastic)) {
          const need = !photo.at ? 'its place on the page grid (at)' : !a.frame ? 'its article to have a frame' : 'a size of its own: give no elastic';
          diags.error(`a photo across frames needs ${need}`, source.locate([...path, 'photos', qi, 'across']));
        }
        const beside = photo.caption_beside;
        if (beside && (beside.columns ?? 1) >= photo.columns) {
          diags.error(`the caption beside the photo takes ${counted(beside.columns ?? 1, 'column')} of its ${photo.columns}, and leaves none for the picture`, source.locate([...path, 'photos', qi, 'caption_beside', 'columns']));
        }
        if (photo.file === undefined) return undefined;
        const ppath = [...path, 'photos', qi, 'file'];
        const full = insideIssue(photo.file, ppath);
        if (full && !existsSync(full)) {
          diags.warn(`photo file "${photo.file}" not found; the slot shows a placeholder`, source.locate(ppath));
          return undefined;
        }
        const notFile = full && notRegularFile(full);
        if (notFile) {
          diags.error(`photo file "${photo.file}" ${notFile}`, source.locate(ppath));
          return undefined;
        }
        return full;
      });
      if (a.contents === 'index') copyPlace = { ...source.locate([...path, 'contents']), file: source.file };
      return { spec: a, path, blocks, copyPlace, photoFiles };
    });
    const adFiles = new Map<string, string>();
    for (const [k, ad] of (pageSpec.ads ?? []).entries()) {
      if (adFiles.has(ad.id)) diags.error(`advertisement id "${ad.id}" is used twice on this page`, source.locate(['pages', pi, 'ads', k, 'id']));
      const full = ad.file === undefined ? undefined : adFile(ad.file, source.locate(['pages', pi, 'ads', k, 'file']), ['pages', pi, 'ads', k, 'file']);
      if (full) adFiles.set(ad.id, full);
    }
    return { spec: pageSpec, path: ['pages', pi], articles, adFiles };
  });

  diags.throwIfErrors();
  const name = spec.name ?? basename(dir);
  return { issue: { file, locate: source.locate, dir, name, spec, pages, namedFiles, bookings }, warnings: diags.items };
}

/**
 * What is wrong with SOURCE_DATE_EPOCH, if it is set: the PDF's dates are made from it, and a PDF date
 * has four digits of year, so it must be whole seconds giving a year from 1970 to 9999.
 */
export function sourceDateEpochProblem(epoch: string | undefined): string | undefined {
  if (epoch === undefined || epoch === '') return undefined;
  const latest = Date.UTC(10000, 0, 1) / 1000 - 1;
  if (!/^\d+$/.test(epoch)) return `SOURCE_DATE_EPOCH="${epoch.slice(0, 40)}" is not a whole number of seconds since 1970`;
  if (Number(epoch) > latest) return `SOURCE_DATE_EPOCH=${epoch.slice(0, 40)} is after the year 9999 (at most ${latest}, 9999-12-31 23:59:59 UTC), which a PDF date cannot hold`;
  return undefined;
}

/** Whether `full` lies outside `dir`. */
function outside(dir: string, full: string): boolean {
  const rel = relative(dir, full);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

/**
 * The path with symbolic links resolved, so that a link cannot lead out of the folder; for a path that does
 * not exist, its nearest existing folder resolved and the rest as given (a missing file under a link that
 * leads out lies outside too).
 */
function realPath(full: string): string {
  try {
    return realpathSync(full);
  } catch {
    const parent = dirname(full);
    return parent === full ? full : join(realPath(parent), basename(full));
  }
}

/** Where inline copy stands; the lines of a `|` block follow the lines of the issue file. */
function inlinePlace(source: YamlSource<IssueSpec>, path: FieldPath): TextPlace {
  const at = source.locate(path);
  if (!source.isLiteralBlock(path) || at.line === undefined) return { ...at, file: source.file };
  return { file: source.file, line: at.line + 1, linesFollow: true, field: at.field };
}

/** Cleans every text field of the issue but the copy (see text-hygiene) in place; the copy is cleaned as it is read. */
function cleanFields(value: unknown, path: FieldPath, source: YamlSource<IssueSpec>, diags: DiagnosticList): void {
  if (!value || typeof value !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    if (key === 'body' || VERBATIM_FIELDS.has(String(key))) continue;
    // Other fields are set as one paragraph: a line break becomes a space, as YAML folds the lines of a plain
    // scalar. In a headline block a line break is the editor's, kept (a `|` block or "\n" gives one).
    if (typeof v === 'string') {
      const text = cleanText(v, inlinePlace(source, [...path, key]), diags);
      (value as Record<string | number, unknown>)[key] = LINE_BREAK_FIELDS.has(String(key)) ? text.trim() : text.replace(/\n/g, ' ');
    }
    else cleanFields(v, [...path, key], source, diags);
  }
}

/**
 * A layout the issue names must exist: a file beside the issue, or one shipped in layouts/. Like copy and
 * photos it must lie inside the issue's folder or layouts/ (its path and its real path, so that no symbolic
 * link leads out) unless outside is allowed: any YAML file elsewhere would be read, and its values shown in
 * the errors about it. Checked before whether it exists, so that nothing is told about files outside.
 */
function checkLayout(ref: string, dir: string, allowOutside: boolean, diags: DiagnosticList, at: DiagnosticPlace): void {
  const full = layoutPath(ref, dir);
  const within = (root: string) => !outside(root, full) && !outside(realPath(root), realPath(full));
  if (!allowOutside && !within(dir) && !within(LAYOUTS_DIR)) {
    diags.error(`layout "${ref}" lies outside the issue's folder and paiban's layouts/ (use --allow-outside to permit it)`, at);
    return;
  }
  if (existsSync(full)) {
    const notFile = notRegularFile(full);
    if (notFile) diags.error(`layout file "${ref}" ${notFile}`, at);
    return;
  }
  if (/\.ya?ml$/i.test(ref)) {
    diags.error(`layout file "${ref}" not found`, at);
    return;
  }
  const shipped = readdirSync(LAYOUTS_DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  const hint = didYouMean(ref, shipped);
  diags.error(`no layout named "${ref}"; ${hint ? `did you mean "${hint}"?` : `the layouts are ${shipped.join(', ')}`}`, at);
}

/** The copy in a body file, or undefined (with an error) when it cannot be read. */
function readCopyFile(
  full: string,
  given: string,
  encoding: TextEncoding | undefined,
  diags: DiagnosticList,
  at: DiagnosticPlace,
): string | undefined {
  // Read with the limit applied as it is read, and only from a regular file: a FIFO or /dev/zero is refused.
  const read = readFileCapped(full, MAX_COPY_BYTES);
  if (!('bytes' in read)) {
    diags.error(readProblemText(`body file "${given}"`, read, MAX_COPY_BYTES), at);
    return undefined;
  }
  const bytes = read.bytes;
  const decoded = decodeText(bytes, encoding);
  if ('badByte' in decoded) {
    const what = encoding === 'gb18030' ? 'GB 18030' : 'UTF-8 (nor GB 18030 Chinese text)';
    diags.error(`body file "${given}" is not valid ${what}: bad byte at offset ${decoded.badByte}, line ${decoded.line}`, at);
    return undefined;
  }
  if (decoded.detected) diags.warn(`body file "${given}" is not UTF-8; read as GB 18030 (set encoding: gb18030 to say so)`, at);
  return decoded.text;
}
