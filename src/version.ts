/** paiban's version, from its package.json: named in the archive's ALTO files and part of each issue's input fingerprint. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAIBAN_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Kept for the process, not in a build context (context.ts): it describes the code running,
 * which a change to the files on disk does not change.
 */
let program: string | undefined;

/**
 * A SHA-256 over the program's own files (the folder this module is in): a changed paiban
 * exports an archive again even where its version number stayed the same.
 */
export function programHash(): string {
  if (!program) {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const hash = createHash('sha256');
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
      const path = join(dir, file);
      // V8's code cache (scripts/bundle.mjs) is made anew by every build of the same program.
      if (statSync(path).isFile() && !file.endsWith('.cache')) hash.update(`${file}\n`).update(readFileSync(path));
    }
    program = hash.digest('hex');
  }
  return program;
}
