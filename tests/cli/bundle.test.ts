import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

describe('the bundles the command and the export workers run', () => {
  // A non-ASCII character anywhere (a comment's Chinese) makes V8 hold and hash the whole
  // source as a two-byte string at every start.
  for (const name of ['paiban.cjs', 'export-worker.cjs']) {
    it(`${name} is written in ASCII, every other character escaped`, () => {
      const text = readFileSync(`${dist}${name}`, 'latin1');
      expect(text.length).toBeGreaterThan(100_000);
      expect(text.match(/[^\0-\x7f]/g) ?? []).toEqual([]);
      // The Chinese of its comments and character tables came through as escapes.
      expect(text.match(/\\u[0-9a-f]{4}/gi)!.length).toBeGreaterThan(1000);
    });
  }

  // V8 takes a code cache only under the flags it was made with: the command loads its bundle
  // under bin/v8-flags.js's flags, and export's workers load theirs after the young generation is
  // let grow (bin/paiban.js). A cache rejected costs every start the compilation it saves.
  it.each([
    ['paiban.cjs', 'setV8Flags();'],
    ['export-worker.cjs', 'setV8Flags(); youngGenerationGrows();'],
  ])('%s has a code cache that V8 takes under the flags it is loaded with', (name, flags) => {
    const bin = new URL('../../bin/v8-flags.js', import.meta.url).href;
    const script = `import { setV8Flags, youngGenerationGrows } from '${bin}'; import { readFileSync } from 'node:fs'; import { Script } from 'node:vm';
      ${flags}
      const file = ${JSON.stringify(`${dist}${name}`)};
      const s = new Script('(function (exports, require, module, __filename, __dirname, __moduleUrl, __import) {' + readFileSync(file, 'utf8') + '\\n})', { filename: file, cachedData: readFileSync(file + '.cache') });
      process.stdout.write(String(s.cachedDataRejected));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('false');
  });
});
