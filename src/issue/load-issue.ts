/** Stage 1: read an issue file, validate it, and read each article's copy. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { DiagnosticList, type Diagnostic } from '../diagnostics.js';

type DiagnosticPlace = Omit<Diagnostic, 'severity' | 'message'>;
import { parseCopy } from './copy-text.js';
import type { Article, Issue, IssueSpec, Page } from './model.js';
import { loadYaml } from './yaml-source.js';

const issueSchema = JSON.parse(readFileSync(new URL('../../schema/issue.schema.json', import.meta.url), 'utf8')) as object;

/** Largest copy file we read; a broadsheet page holds about 15,000 characters. */
const MAX_COPY_BYTES = 2 * 1024 * 1024;

export interface LoadOptions {
  /** Let body and photo files live outside the issue's folder. */
  allowOutside?: boolean;
}

export interface LoadedIssue {
  issue: Issue;
  warnings: Diagnostic[];
}

export function loadIssue(file: string, options: LoadOptions = {}): LoadedIssue {
  const source = loadYaml<IssueSpec>(file, issueSchema, 'issue file');
  const spec = source.data;
  const dir = dirname(resolve(file));
  const diags = new DiagnosticList();

  const insideIssue = (p: string, path: (string | number)[]): string | undefined => {
    const full = resolve(dir, p);
    const rel = relative(dir, full);
    if (!options.allowOutside && (rel.startsWith('..') || isAbsolute(rel))) {
      diags.error(`"${p}" lies outside the issue's folder (use --allow-outside to permit it)`, source.locate(path));
      return undefined;
    }
    return full;
  };

  const [y, m, d] = spec.date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) {
    diags.error(`${spec.date} is not a date`, source.locate(['date']));
  }

  const pages: Page[] = spec.pages.map((pageSpec, pi) => {
    const ids = new Set<string>();
    const articles: Article[] = pageSpec.articles.map((a, ai) => {
      const path = ['pages', pi, 'articles', ai];
      if (ids.has(a.id)) diags.error(`article id "${a.id}" is used twice on this page`, source.locate([...path, 'id']));
      ids.add(a.id);
      let copy = a.body ?? '';
      if (a.body !== undefined && a.body_file !== undefined) {
        diags.error('give either body or body_file, not both', source.locate([...path, 'body_file']));
      } else if (a.body_file !== undefined) {
        const full = insideIssue(a.body_file, [...path, 'body_file']);
        if (full) copy = readCopyFile(full, a.body_file, diags, source.locate([...path, 'body_file']));
      }
      const photoFiles = (a.photos ?? []).map((photo, qi) => {
        if (photo.file === undefined) return undefined;
        const ppath = [...path, 'photos', qi, 'file'];
        const full = insideIssue(photo.file, ppath);
        if (full && !existsSync(full)) {
          diags.warn(`photo file "${photo.file}" not found; the slot shows a placeholder`, source.locate(ppath));
          return undefined;
        }
        return full;
      });
      return { spec: a, path, blocks: parseCopy(copy), photoFiles };
    });
    return { spec: pageSpec, path: ['pages', pi], articles };
  });

  diags.throwIfErrors();
  const name = spec.name ?? basename(dir);
  return { issue: { file, locate: source.locate, dir, name, spec, pages }, warnings: diags.items };
}

function readCopyFile(
  full: string,
  given: string,
  diags: DiagnosticList,
  at: DiagnosticPlace,
): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    diags.error(`body file "${given}" ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`}`, at);
    return '';
  }
  if (bytes.length > MAX_COPY_BYTES) {
    diags.error(`body file "${given}" is ${bytes.length} bytes, more than the limit of ${MAX_COPY_BYTES}`, at);
    return '';
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    diags.error(`body file "${given}" is not valid UTF-8`, at);
    return '';
  }
}
