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
});
