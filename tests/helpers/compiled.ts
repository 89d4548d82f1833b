import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

/** Compiles dist/ (which bin/paiban.js runs) when a source file is newer than what it compiled to. */
export function ensureCompiled(): void {
  const src = join(ROOT, 'src');
  const stale = (readdirSync(src, { recursive: true }) as string[])
    // A declaration file (.d.ts) compiles to nothing: counted as stale, it made every call rebuild.
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .some((f) => {
      try {
        return statSync(join(src, f)).mtimeMs > statSync(join(ROOT, 'dist', f.replace(/\.ts$/, '.js'))).mtimeMs;
      } catch {
        return true;
      }
    });
  if (stale) spawnSync('npm', ['run', 'build'], { cwd: ROOT });
}
