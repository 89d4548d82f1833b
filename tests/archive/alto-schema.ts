/**
 * ALTO files validated against paiban's ALTO v4 schema (schema/alto-v4-paiban.xsd) and against
 * the official ALTO 4.4 schema, by libxml2 compiled to WebAssembly (src/archive/validate.ts, the
 * same code `paiban export` checks its files with): no xmllint binary, no network. The official
 * schema is not redistributed in the repository: it is read from the standards folder beside it
 * (../shared/standards), its import of XLink answered from memory with the folder's stand-in in
 * place of the copy at loc.gov, and where that folder is absent the files are validated against
 * paiban's schema alone, with a note saying so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadSchemaValidation, PAIBAN_ALTO_XSD, schemaErrors, type XmlSchema } from '../../src/archive/validate.js';

const REPO = join(import.meta.dirname, '../..');
const STANDARDS = resolve(REPO, '..', 'shared', 'standards');
const OFFICIAL_XSD = join(STANDARDS, 'alto', 'alto-4-4.xsd');
const XLINK_XSD = join(STANDARDS, 'alto', 'xlink.xsd');

/** Whether the official ALTO 4.4 schema is there to validate against. */
export const OFFICIAL_ALTO = existsSync(OFFICIAL_XSD) && existsSync(XLINK_XSD);
if (!OFFICIAL_ALTO) {
  console.warn(`note: ${OFFICIAL_XSD} (or the XLink stand-in beside it) is not there: ALTO is validated against paiban's own schema only, not against the official ALTO 4.4 schema`);
}

await loadSchemaValidation();

const PAIBAN: XmlSchema = { file: PAIBAN_ALTO_XSD };
/** ALTO 4.4 itself; its import of XLink is given the standards folder's stand-in. */
const OFFICIAL: XmlSchema = { file: OFFICIAL_XSD, imports: { 'http://www.loc.gov/standards/xlink/xlink.xsd': XLINK_XSD } };

/** The files as the validator takes them, each named by its path. */
const documents = (files: readonly string[]) => files.map((f) => ({ name: resolve(f), text: readFileSync(f, 'utf8') }));

/** The validator's complaints about the files under paiban's schema, empty when every file is valid. */
export const paibanAltoErrors = (files: readonly string[]) => schemaErrors(PAIBAN, documents(files));

/** Against ALTO 4.4 itself. */
export const officialAltoErrors = (files: readonly string[]) => schemaErrors(OFFICIAL, documents(files));

/** The complaints of both schemas (of paiban's alone where the official one is absent), each under the name of its schema. */
export function altoSchemaErrors(files: readonly string[]): string {
  const found: [string, string][] = [[basename(PAIBAN_ALTO_XSD), paibanAltoErrors(files)]];
  if (OFFICIAL_ALTO) found.push([basename(OFFICIAL_XSD), officialAltoErrors(files)]);
  return found
    .filter(([, errors]) => errors)
    .map(([schema, errors]) => `against ${schema}:\n${errors}`)
    .join('\n');
}
