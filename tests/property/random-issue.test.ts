/**
 * Random issues with random Unicode copy, built through the command line: whatever an editor
 * pastes, paiban must not crash or hang, and every printable character must either reach the
 * PDF's text or be named in a diagnostic. The same issues, composed, give valid ALTO.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPdf } from '../../src/check/read-pdf.js';
import { runCli } from '../helpers/cli.js';
import { normalize } from '../../src/issue/text-hygiene.js';
import { altoXml } from '../../src/archive/alto.js';
import { composeIssue } from '../../src/build.js';
import { InputError } from '../../src/diagnostics.js';
import { altoSchemaErrors } from '../archive/alto-schema.js';

const range = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((cp) => String.fromCodePoint(cp));

/** Characters as pasted copy brings them, Chinese first. */
const character = fc.oneof(
  { weight: 12, arbitrary: range(0x4e00, 0x9fa5) },
  { weight: 4, arbitrary: fc.constantFrom(...'，。、；：？！“”‘’（）《》〈〉——……·'.split('')) },
  { weight: 3, arbitrary: range(0x61, 0x7a) },
  { weight: 2, arbitrary: range(0x30, 0x39) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\u3000', '\t', '\n', '\r\n', '\r') },
  { weight: 1, arbitrary: range(0x300, 0x36f) }, // combining marks
  { weight: 1, arbitrary: range(0x1f600, 0x1f64f) }, // emoji: surrogate pairs
  { weight: 1, arbitrary: fc.constantFrom('👍🏽', '👨‍👩‍👧', '🇨🇳', '☺\uFE0F') },
  { weight: 1, arbitrary: range(0x5d0, 0x5ea) }, // Hebrew, right to left
  { weight: 1, arbitrary: range(0x627, 0x64a) }, // Arabic
  { weight: 1, arbitrary: fc.constantFrom('\0', '\x07', '\x1b', '\x7f', '\x85', '\x9f', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u202e', '\u2028') },
  { weight: 1, arbitrary: fc.constantFrom('\ud800', '\udfff') }, // lone surrogates
  { weight: 1, arbitrary: range(0xf900, 0xfa6d) }, // CJK compatibility ideographs
  { weight: 1, arbitrary: range(0x20000, 0x2a6df) }, // CJK extension B
  { weight: 1, arbitrary: range(0, 0x10ffff) }, // anything at all
);

const text = (maxLength: number) => fc.array(character, { maxLength }).map((cs) => cs.join(''));
/** A `#` at the start of a line marks a heading: markup, not copy; keep it out of the copy. */
const copy = text(160).map((t) => t.replace(/^([\s\u3000]*)#/gm, '$1＃'));
const line = (maxLength: number) => text(maxLength).filter((t) => /\S/.test(t));

const article = fc.record({
  headline: line(12),
  kicker: fc.option(line(12), { nil: undefined }),
  byline: fc.option(line(16), { nil: undefined }),
  body: copy,
  inFile: fc.boolean(),
  columns: fc.integer({ min: 2, max: 6 }),
}).map((a) => (a.inFile ? { ...a, body: Buffer.from(a.body).toString() } : a)); // a file holds no lone surrogate: UTF-8 makes it U+FFFD
const issueArb = fc.array(article, { minLength: 1, maxLength: 3 });
type RandomArticle = typeof article extends fc.Arbitrary<infer T> ? T : never;

/** Writes the issue: text fields JSON-quoted (valid YAML), copy inline as a `|` block or in a file. */
function writeIssue(articles: RandomArticle[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-prop-'));
  const lines = ['paper: 测试日报', 'date: 2024-02-20', 'layout: tabloid', 'pages:', '  - number: 1', '    articles:'];
  articles.forEach((a, i) => {
    lines.push(`      - id: a${i}`, `        columns: ${a.columns}`, `        headline: ${JSON.stringify(a.headline)}`);
    if (a.kicker !== undefined) lines.push(`        kicker: ${JSON.stringify(a.kicker)}`);
    if (a.byline !== undefined) lines.push(`        byline: ${JSON.stringify(a.byline)}`);
    if (a.inFile) {
      writeFileSync(join(dir, `a${i}.md`), a.body);
      lines.push(`        body_file: a${i}.md`);
    } else {
      lines.push(`        body: ${JSON.stringify(a.body)}`);
    }
  });
  writeFileSync(join(dir, 'issue.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

/** Characters that put ink on the page: not controls, format characters, surrogates or spaces. */
const printable = (s: string) => [...normalize(s)].filter((c) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Z}\s]/u.test(c));

async function build(dir: string) {
  const out = join(dir, 'out');
  const { code, ms, stderr } = await runCli(['build', join(dir, 'issue.yaml'), '-o', out]);
  return { code, ms, stderr, pdf: code === 0 ? join(out, readdirSync(out)[0]) : undefined };
}

/** Characters named, by code point, in "no font … has" errors. */
function reported(stderr: string): Set<string> {
  const named = new Set<string>();
  for (const l of stderr.split('\n').filter((l) => / error: no font of style/.test(l))) {
    for (const m of l.matchAll(/U\+([0-9A-F]{4,6})/g)) named.add(String.fromCodePoint(parseInt(m[1], 16)));
  }
  return named;
}

/** The articles with the given characters taken out. Diagnostics name normalised characters; a space in place of each keeps lone surrogates apart. */
function withoutCharacters(articles: RandomArticle[], missing: Set<string>): RandomArticle[] {
  const strip = (s: string) => [...normalize(s)].map((c) => (missing.has(c) ? ' ' : c)).join('');
  return articles.map((a) => ({ ...a, headline: strip(a.headline), kicker: a.kicker && strip(a.kicker), byline: a.byline && strip(a.byline), body: strip(a.body) }));
}

describe('random issues', () => {
  it('never crash or hang, and every printable character is printed or reported', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(issueArb, async (articles) => {
        const all = articles.flatMap((a) => [a.headline, a.kicker ?? '', a.byline ?? '', a.body]);
        const first = await build(writeIssue(articles));
        expect(first.stderr).not.toMatch(/internal error|^\s+at /m);
        let result = first;
        const missing = reported(first.stderr);
        if (first.code !== 0) {
          // Only characters no font has may stop the build: every error names them.
          expect(first.stderr.split('\n').filter((l) => / error: /.test(l)).every((l) => / error: no font of style/.test(l))).toBe(true);
          expect(missing.size).toBeGreaterThan(0);
          // Without them the issue builds, and everything else reaches the page.
          result = await build(writeIssue(withoutCharacters(articles, missing)));
          expect(result.stderr).not.toMatch(/ error: /);
        }
        expect(result.code).toBe(0);
        const pages = await readPdf(result.pdf!);
        const onPage = new Set(printable(pages.flatMap((p) => p.runs.flatMap((r) => r.glyphs.map((g) => g.text))).join('')));
        // The PDF's ToUnicode map holds one text per glyph, so a compatibility ideograph drawn with the
        // same glyph as its unified twin reads back as whichever the page set first.
        const lost = printable(all.join('\n')).filter((c) => !onPage.has(c) && !onPage.has(c.normalize('NFKC')) && !missing.has(c));
        expect(lost).toEqual([]);
      }),
      { seed: 20240220, numRuns: 100 },
    );
  });

  it('give ALTO valid against paiban’s ALTO v4 schema and ALTO 4.4, whatever the copy', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(issueArb, async (articles) => {
        let dir = writeIssue(articles);
        let pages;
        try {
          ({ pages } = composeIssue(join(dir, 'issue.yaml')));
        } catch (e) {
          // Characters no font has stop the issue (the test above sees them reported): set it without them.
          if (!(e instanceof InputError)) throw e;
          dir = writeIssue(withoutCharacters(articles, reported(e.message)));
          ({ pages } = composeIssue(join(dir, 'issue.yaml')));
        }
        const files = pages.map((page, i) => {
          const file = join(dir, `p${i + 1}.alto.xml`);
          writeFileSync(file, altoXml(page, { pdfName: 'issue.pdf', index: i + 1 }));
          return file;
        });
        expect(altoSchemaErrors(files)).toBe('');
      }),
      { seed: 20240221, numRuns: 50 },
    );
  });
});
