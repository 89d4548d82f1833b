/**
 * ALTO files validated with xmllint against paiban's ALTO v4 schema (schema/alto-v4-paiban.xsd)
 * and against the official ALTO 4.4 schema. The official schema is not redistributed in the
 * repository: it is read from the standards folder beside it (../shared/standards, with an
 * XML catalog so that xmllint needs no network), and where that folder is absent the files
 * are validated against paiban's schema alone, with a note saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const REPO = join(import.meta.dirname, '../..');
const PAIBAN_XSD = join(REPO, 'schema/alto-v4-paiban.xsd');
const STANDARDS = resolve(REPO, '..', 'shared', 'standards');
const OFFICIAL_XSD = join(STANDARDS, 'alto', 'alto-4-4.xsd');
const CATALOG = join(STANDARDS, 'catalog.xml');

/** Whether the official ALTO 4.4 schema is there to validate against. */
export const OFFICIAL_ALTO = existsSync(OFFICIAL_XSD) && existsSync(CATALOG);
if (!OFFICIAL_ALTO) {
  console.warn(`note: ${OFFICIAL_XSD} (or its catalog.xml) is not there: ALTO is validated against paiban's own schema only, not against the official ALTO 4.4 schema`);
}

/** xmllint's complaints about the files under one schema, empty when every file is valid. A missing xmllint fails the test that asks: a check that is skipped proves nothing. */
function xmllint(schema: string, files: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, ...files], { encoding: 'utf8', env });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('xmllint is not installed: the ALTO schema tests need it (Debian: apt-get install -y libxml2-utils)');
  }
  if (r.error) throw r.error;
  return r.status === 0 ? '' : r.stderr.split('\n').filter((l) => !/ validates$/.test(l) && l.trim()).join('\n');
}

export const paibanAltoErrors = (files: readonly string[]) => xmllint(PAIBAN_XSD, files);

/** Against ALTO 4.4 itself; its import of XLink is resolved through the standards folder's catalog. */
export const officialAltoErrors = (files: readonly string[]) => xmllint(OFFICIAL_XSD, files, { ...process.env, XML_CATALOG_FILES: CATALOG });

/** The complaints of both schemas (of paiban's alone where the official one is absent), each under the name of its schema. */
export function altoSchemaErrors(files: readonly string[]): string {
  const found: [string, string][] = [[basename(PAIBAN_XSD), paibanAltoErrors(files)]];
  if (OFFICIAL_ALTO) found.push([basename(OFFICIAL_XSD), officialAltoErrors(files)]);
  return found
    .filter(([, errors]) => errors)
    .map(([schema, errors]) => `against ${schema}:\n${errors}`)
    .join('\n');
}
