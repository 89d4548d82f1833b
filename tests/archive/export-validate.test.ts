/**
 * `paiban export` checks every ALTO file against paiban's ALTO schema before writing it
 * (src/archive/validate.ts): an issue whose ALTO the schema refuses fails, with the rule named,
 * and leaves neither its ALTO nor its new PDF in the archive. Here the ALTO writer is made to
 * leave out a required attribute, so that the real validator has something to refuse.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportIssue } from '../helpers/build.js';
import { loadSchemaValidation, PAIBAN_ALTO_XSD, schemaErrors } from '../../src/archive/validate.js';
import { BuildContext } from '../../src/context.js';
import { issueDir } from '../helpers/issue-dir.js';
import { ARCHIVE_ISSUE } from './archive-issue.js';

const broken = vi.hoisted(() => ({ on: false }));
vi.mock('../../src/archive/alto.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/archive/alto.js')>();
  return {
    ...original,
    altoXml: (...args: Parameters<typeof original.altoXml>) => {
      const xml = original.altoXml(...args);
      return broken.on ? xml.replace(/(<String [^>]*?) CONTENT="[^"]*"/, '$1') : xml;
    },
  };
});

await loadSchemaValidation();

afterEach(() => {
  broken.on = false;
});

const exportTo = (outDir: string, validate?: boolean) => exportIssue({ source: join(issueDir({ 'issue.yaml': ARCHIVE_ISSUE }), 'issue.yaml'), outDir, stem: 'small', validate }, new BuildContext());

describe('export checks its ALTO', () => {
  it('writes ALTO the schema accepts, by default', async () => {
    const out = issueDir({});
    const outcome = await exportTo(out);
    expect(outcome.status, JSON.stringify(outcome.diagnostics)).toBe('built');
    const alto = outcome.files.filter((f) => f.path.endsWith('.alto.xml'));
    expect(alto).toHaveLength(2);
    const documents = alto.map((f) => ({ name: `p${alto.indexOf(f)}.alto.xml`, text: readFileSync(f.path, 'utf8') }));
    expect(schemaErrors({ file: PAIBAN_ALTO_XSD }, documents)).toBe('');
  });

  it('fails an issue whose ALTO the schema refuses, naming the rule, and writes neither its ALTO nor its PDF', async () => {
    broken.on = true;
    const out = issueDir({});
    const outcome = await exportTo(out);
    expect(outcome.status).toBe('failed');
    expect(outcome.files).toEqual([]);
    const errors = outcome.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatch(/^ALTO not valid against alto-v4-paiban\.xsd, so not written: small-p00\d\.alto\.xml:\d+: .*attribute 'CONTENT' is required/);
    expect(readdirSync(out).filter((f) => f.endsWith('.alto.xml') || f.endsWith('.pdf'))).toEqual([]);
  });

  it('writes the ALTO unchecked when told not to validate', async () => {
    broken.on = true;
    const out = issueDir({});
    const outcome = await exportTo(out, false);
    expect(outcome.status).toBe('built');
    const alto = outcome.files.filter((f) => f.path.endsWith('.alto.xml')).map((f) => f.path);
    expect(alto.every((f) => existsSync(f))).toBe(true);
    expect(schemaErrors({ file: PAIBAN_ALTO_XSD }, [{ name: 'p.alto.xml', text: readFileSync(alto[0], 'utf8') }])).toMatch(/attribute 'CONTENT' is required/);
  });
});
