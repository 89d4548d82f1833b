/** paiban's version, from its package.json: named in the archive's ALTO files and part of each issue's input fingerprint. */
import { readFileSync } from 'node:fs';

export const PAIBAN_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
