/**
 * One issue exported for the archive: the PDF/A of all its pages, an ALTO file per page, the
 * SHA-256 of each, and the record of the inputs they were made from (for resuming). Runs inside
 * a worker; every outcome, failure included, is a value.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFileInPieces, writeFileAtomically } from '../files.js';
import { basename, join } from 'node:path';
import { buildIssue } from '../build.js';
import type { BuildContext } from '../context.js';
import { InputError, type Diagnostic } from '../diagnostics.js';
import { altoXml } from './alto.js';
import { archiveOptions } from './describe.js';
import { fingerprint, inputsFile, issueInputs, type InputRecord } from './inputs.js';
import { loadSchemaValidation, PAIBAN_ALTO_XSD, schemaErrors } from './validate.js';

export interface IssueJob {
  /** The issue file. */
  source: string;
  /** Folder of the outputs, and their name before `.pdf` and `-pNNN.alto.xml`. */
  outDir: string;
  stem: string;
  /** Check every ALTO file against paiban's ALTO schema before it is written (default true). */
  validate?: boolean;
}

export interface ArchivedFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface IssueOutcome {
  source: string;
  /** `pending`: not exported yet in a run under way (the manifest written before the issue's turn). */
  status: 'built' | 'skipped' | 'failed' | 'pending';
  pages: number;
  files: ArchivedFile[];
  diagnostics: Diagnostic[];
  ms: number;
  /** Of the inputs the files were made from (see inputs.ts); none for a failed issue. */
  fingerprint?: string;
}

/** ALTO file of a page: numbered by the printed page number (版次), as archives name newspaper pages. */
export const altoFile = (job: IssueJob, pageNumber: number) => join(job.outDir, `${job.stem}-p${String(pageNumber).padStart(3, '0')}.alto.xml`);
export const pdfFile = (job: IssueJob) => join(job.outDir, `${job.stem}.pdf`);

export function archivedFile(path: string, data: Buffer = readFileSync(path)): ArchivedFile {
  return { path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
}

/** An output as it stands, read in pieces; undefined when it is missing or not a regular file. */
export function archivedFileIfRegular(path: string): ArchivedFile | undefined {
  const hash = createHash('sha256');
  let bytes = 0;
  const read = readFileInPieces(path, (piece) => {
    hash.update(piece);
    bytes += piece.length;
  });
  return read ? { path, sha256: hash.digest('hex'), bytes } : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `name` is the ALTO file of a page of the issue named `stem` (altoFile). */
export const isAltoFileOf = (stem: string, name: string): boolean => new RegExp(`^${escapeRegExp(stem)}-p\\d{3,}\\.alto\\.xml$`).test(name);

/**
 * Whether `name` is a file paiban writes for the issue named `stem`: its PDF, an ALTO file of any
 * page, its record of inputs, or a temporary file of one of them (writeFileAtomically's).
 */
export function isOutputOf(stem: string, name: string): boolean {
  return new RegExp(`^${escapeRegExp(stem)}(\\.pdf|-p\\d{3,}\\.alto\\.xml|\\.inputs\\.json)(\\.\\d+\\.[0-9a-z]+\\.tmp)?$`).test(name);
}

/**
 * Removes every file paiban wrote for this issue (see isOutputOf), and nothing else: before it is
 * exported again, and when it fails, so that no file of an earlier export stays beside the
 * manifest unlisted. Only while the issue is not being written.
 */
export function removeOutputs(job: IssueJob): void {
  let names: string[];
  try {
    names = readdirSync(job.outDir);
  } catch {
    return;
  }
  for (const name of names) if (isOutputOf(job.stem, name)) rmSync(join(job.outDir, name), { force: true });
}

/** Exports one issue; `context` is the worker's, kept from one issue to the next (the layouts and fonts an archive's issues share are read once). */
export async function exportIssue(job: IssueJob, context: BuildContext): Promise<IssueOutcome> {
  const t0 = performance.now();
  const outcome = (status: IssueOutcome['status'], pages: number, files: ArchivedFile[], diagnostics: Diagnostic[], fingerprint?: string): IssueOutcome => ({
    source: job.source,
    status,
    pages,
    files,
    diagnostics,
    ms: performance.now() - t0,
    fingerprint,
  });
  // A failed issue leaves no file behind: what it wrote before failing is removed with the rest.
  const failed = (diagnostics: Diagnostic[]) => {
    removeOutputs(job);
    return outcome('failed', 0, [], diagnostics);
  };
  try {
    // Until the new files are all written there is no record of inputs: an export that fails or is cut short is done again
    // next time. The earlier export's files go first: of pages the issue may no longer have, or an issue that now fails.
    removeOutputs(job);
    // An archive must hold every character: text that overflows its frame fails the issue.
    const result = await buildIssue(job.source, { outDir: job.outDir, fileName: job.stem, pdf: archiveOptions, strict: true, context });
    if (!result.pdf) return failed(result.diagnostics);
    const pdf = result.pdf;
    const alto = result.pages.map((page, i) => ({ file: altoFile(job, page.number), text: altoXml(page, { pdfName: `${job.stem}.pdf`, index: i + 1 }) }));
    // An archive never holds an invalid ALTO file: an issue whose ALTO the schema refuses fails, and its new PDF goes too.
    if (job.validate !== false) {
      await loadSchemaValidation();
      const errors = schemaErrors({ file: PAIBAN_ALTO_XSD }, alto.map((a) => ({ name: basename(a.file), text: a.text })));
      if (errors) {
        rmSync(pdf, { force: true });
        const schema = basename(PAIBAN_ALTO_XSD);
        return outcome('failed', 0, [], [...result.diagnostics, ...errors.split('\n').map((e) => ({ severity: 'error' as const, message: `ALTO not valid against ${schema}, so not written: ${e}`, file: job.source }))]);
      }
    }
    const files = [archivedFile(pdf)];
    for (const a of alto) {
      const xml = Buffer.from(a.text);
      writeFileAtomically(a.file, xml);
      files.push(archivedFile(a.file, xml));
    }
    const inputs = issueInputs(result);
    const warnings = result.diagnostics.filter((d) => d.severity === 'warning');
    const record: InputRecord = { fingerprint: fingerprint(inputs), inputs, outputs: Object.fromEntries(files.map((f) => [basename(f.path), f.sha256])), ...(warnings.length && { warnings }) };
    writeFileAtomically(inputsFile(job), `${JSON.stringify(record, null, 2)}\n`);
    return outcome('built', result.pages.length, files, result.diagnostics, record.fingerprint);
  } catch (e) {
    if (e instanceof InputError) return failed(e.diagnostics);
    return failed([{ severity: 'error', message: `internal error: ${(e as Error).message}`, file: job.source }]);
  }
}

