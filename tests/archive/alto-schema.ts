/** ALTO files validated with xmllint against paiban's ALTO v4 schema (schema/alto-v4-paiban.xsd). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ALTO_XSD = join(import.meta.dirname, '../../schema/alto-v4-paiban.xsd');

/** xmllint's complaints about the files, empty when every file is valid. A missing xmllint fails the test that asks: a check that is skipped proves nothing. */
export function altoSchemaErrors(files: readonly string[]): string {
  const r = spawnSync('xmllint', ['--noout', '--schema', ALTO_XSD, ...files], { encoding: 'utf8' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error('xmllint is not installed: the ALTO schema tests need it (Debian: apt-get install -y libxml2-utils)');
  }
  if (r.error) throw r.error;
  return r.status === 0 ? '' : r.stderr.split('\n').filter((l) => !/ validates$/.test(l) && l.trim()).join('\n');
}
