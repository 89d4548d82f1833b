/**
 * Rebuilds at edition size: a context keeps the last build's placement and writing, and a
 * rebuild after any edit gives exactly the bytes of a fresh build with a fresh context, sets
 * again only the pages the edit touches, and writes again only their files.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../src/build.js';
import { buildIssue } from './helpers/build.js';
import { BuildContext } from '../src/context.js';
import { DiagnosticList } from '../src/diagnostics.js';
import { loadIssue } from '../src/issue/load-issue.js';
import { layoutPath, loadLayout } from '../src/layout/load-layout.js';
import { placeEdition } from '../src/place/page.js';
import type { PageModel } from '../src/place/page-model.js';

const EVENING = join(import.meta.dirname, '../issues/evening-edition');

function eveningCopy(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-rebuild-'));
  cpSync(EVENING, dir, { recursive: true });
  return { dir, file: join(dir, 'issue.yaml') };
}

/** The issue file as data, changed by `change`, written back. */
function editIssue(file: string, change: (spec: any) => void): void {
  const spec = parse(readFileSync(file, 'utf8'));
  change(spec);
  writeFileSync(file, stringify(spec));
}

/** Every file of a folder, by name, as bytes. */
const filesOf = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));

/** The page model as data: faces by their file. */
const modelText = (pages: readonly PageModel[]) => JSON.stringify(pages, (k, v) => (k === 'face' ? `${v.file}#${v.collectionIndex}` : v));

describe('a rebuild with one context', () => {
  it('sets again only the pages an edit touches, and keeps the others as the same objects', () => {
    const { dir, file } = eveningCopy();
    // Written once as the edits below write it, so that an edit moves no other field to another line.
    editIssue(file, () => {});
    const context = new BuildContext();
    const first = composeIssue(file, { context });
    const again = composeIssue(file, { context });
    // Nothing changed: every page is the page of the last build, and its diagnostics are told again.
    expect(again.pages.every((p, i) => p === first.pages[i])).toBe(true);
    expect(again.diagnostics).toEqual(first.diagnostics);

    const same = (a: readonly PageModel[], b: readonly PageModel[]) => a.map((p, i) => p === b[i]);
    const step = (edit: () => void, touched: boolean[]) => {
      const before = composeIssue(file, { context }).pages;
      edit();
      const after = composeIssue(file, { context });
      expect(same(after.pages, before)).toEqual(touched.map((t) => !t));
      const fresh = composeIssue(file, { context: new BuildContext() });
      expect(modelText(after.pages)).toBe(modelText(fresh.pages));
      expect(after.diagnostics).toEqual(fresh.diagnostics);
    };
    const copy = (name: string, change: (t: string) => string) => () => writeFileSync(join(dir, name), change(readFileSync(join(dir, name), 'utf8')));

    // The copy of a brief on page 1.
    step(copy('brief-metro.md', (t) => t.replace('。', '，试运行。')), [true, false, false, false]);
    // The copy of the lead that jumps from page 1 to page 3: a word changed, where the split stays
    // (its page 3 part is the same), then a paragraph cut, which moves the split.
    step(copy('lead-economy.md', (t) => t.replace('上午', '下午')), [true, false, false, false]);
    step(copy('lead-economy.md', (t) => t.split('\n').filter((_, i) => i !== 1).join('\n')), [true, false, true, false]);
    // The spec of an article on page 2 (its headline).
    step(() => editIssue(file, (s) => (s.pages[1].articles[2].headline = '山城的“十五分钟”')), [false, true, false, false]);
    // A frame moved on page 4.
    step(() => editIssue(file, (s) => (s.pages[3].articles[2].frame.lines = [43, 86])), [false, false, false, true]);
    // The page the lead jumps to renumbered: its jump line on page 1 names the new number.
    step(
      () =>
        editIssue(file, (s) => {
          s.pages[2].number = 5;
          s.pages[3].number = 6;
          s.pages[0].articles[0].frame[2].page = 5;
        }),
      [true, false, true, true],
    );
    // A page's furniture (its section title).
    step(() => editIssue(file, (s) => (s.pages[1].section = '时评')), [false, true, false, false]);
    // A line added at the top of the issue file: every place in it moves (the places diagnostics
    // and photo sources name), and what was kept is checked against them and set again.
    step(() => writeFileSync(file, `# moved\n${readFileSync(file, 'utf8')}`), [true, true, true, true]);

    // Another layout object (a layout read again, as when it or one of its fonts changes): every page is set again.
    const { issue } = loadIssue(file);
    const layoutsOf = (c: BuildContext) => issue.pages.map(() => loadLayout(c, layoutPath('tabloid', issue.dir)));
    const a = placeEdition(context, issue, layoutsOf(context), new DiagnosticList());
    const b = placeEdition(context, issue, layoutsOf(new BuildContext()), new DiagnosticList());
    expect(b.some((p, i) => p === a[i])).toBe(false);
  }, 120_000);

  it('places an article without a frame again when what stands above it on its page changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-rebuild-'));
    const file = join(dir, 'issue.yaml');
    const body = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}段正文，用来检验自动排放的文章在上一篇变长后是否下移。`).join('\n');
    const issue = () => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      - id: first
        headline: 第一篇
        body_file: first.md
      - id: second
        headline: 第二篇
        columns: 3
        body: |
          第二篇的正文，排在第一篇下面。
  - number: 2
    articles:
      - id: other
        headline: 另一版
        body: |
          另一版的正文。
`;
    writeFileSync(file, issue());
    writeFileSync(join(dir, 'first.md'), body(3));
    const context = new BuildContext();
    const before = composeIssue(file, { context }).pages;
    writeFileSync(join(dir, 'first.md'), body(16));
    const after = composeIssue(file, { context }).pages;
    expect([after[0] === before[0], after[1] === before[1]]).toEqual([false, true]);
    // The second story stands lower, under the longer first.
    const top = (pages: PageModel[]) => pages[0].articles[1].frames[0].area.lines[0];
    expect(top(after)).toBeGreaterThan(top(before));
    expect(modelText(after)).toBe(modelText(composeIssue(file, { context: new BuildContext() }).pages));
  }, 60_000);
});

type Edit =
  | { kind: 'paragraph'; file: number; at: number; text: string }
  | { kind: 'frame'; page: number; lines: number }
  | { kind: 'renumber'; by: number }
  | { kind: 'new character'; file: number; char: string };

const COPY = ['brief-metro.md', 'brief-5g.md', 'interview.md', 'silver.md', 'essay.md', 'lead-economy.md'];
/** Characters of the body font that the evening edition does not use. */
const NEW_CHARACTERS = ['鑫', '璨', '瀚', '麒', '翡', '馨', '魁', '鹭'];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('paragraph' as const), file: fc.nat(COPY.length - 1), at: fc.nat(40), text: fc.constantFrom('城市', '经济运行', '记者', '，今年') }),
  fc.record({ kind: fc.constant('frame' as const), page: fc.constantFrom(1, 4), lines: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('renumber' as const), by: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('new character' as const), file: fc.nat(COPY.length - 1), char: fc.constantFrom(...NEW_CHARACTERS) }),
);

function apply(dir: string, file: string, edit: Edit): void {
  if (edit.kind === 'paragraph' || edit.kind === 'new character') {
    const copy = join(dir, COPY[edit.file]);
    const text = readFileSync(copy, 'utf8');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.length > 20);
    const at = edit.kind === 'paragraph' ? edit.at % lines[i].length : 5;
    lines[i] = lines[i].slice(0, at) + (edit.kind === 'paragraph' ? edit.text : edit.char) + lines[i].slice(at);
    writeFileSync(copy, lines.join('\n'));
  } else if (edit.kind === 'frame') {
    editIssue(file, (s) => {
      // The last brief of page 1, or the essay of page 4: its top line moves.
      const a = edit.page === 1 ? s.pages[0].articles[4] : s.pages[3].articles[2];
      a.frame.lines = [a.frame.lines[0] === 74 || a.frame.lines[0] === 42 ? a.frame.lines[0] + edit.lines : a.frame.lines[0] - edit.lines, a.frame.lines[1]];
    });
  } else {
    editIssue(file, (s) => {
      // Pages 3 and 4 move on; the lead's frame follows page 3.
      s.pages[2].number += edit.by;
      s.pages[3].number += edit.by;
      s.pages[0].articles[0].frame[2].page = s.pages[2].number;
    });
  }
}

describe('rebuilds after random edits', () => {
  it('give exactly the bytes of a fresh build, page files and the whole edition, and rewrite only the files that changed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 3, maxLength: 5 }), async (edits) => {
        const { dir, file } = eveningCopy();
        const context = new BuildContext();
        const kept = join(dir, 'out-kept');
        const fresh = join(dir, 'out-fresh');
        await buildIssue(file, { context, outDir: kept, pages: true, edition: true });
        for (const edit of edits) {
          apply(dir, file, edit);
          const before = Object.fromEntries(readdirSync(kept).map((f) => [f, statSync(join(kept, f)).mtimeMs]));
          const lastPages = (await composeIssue(file, { context: new BuildContext() })).pages.length;
          const rebuilt = await buildIssue(file, { context, outDir: kept, pages: true, edition: true });
          const made = await buildIssue(file, { context: new BuildContext(), outDir: fresh, pages: true, edition: true });
          expect(rebuilt.diagnostics).toEqual(made.diagnostics);
          expect(rebuilt.pageFiles!.map((f) => f.replace(kept, ''))).toEqual(made.pageFiles!.map((f) => f.replace(fresh, '')));
          const [k, f] = [filesOf(kept), filesOf(fresh)];
          for (const name of Object.keys(f)) expect(k[name]?.equals(f[name]), `${JSON.stringify(edit)}: ${name}`).toBe(true);
          // A page file whose bytes did not change was not written again.
          const unchanged = rebuilt.pageFiles!.filter((p) => before[p.replace(`${kept}/`, '')] !== undefined && statSync(p).mtimeMs === before[p.replace(`${kept}/`, '')]);
          expect(lastPages).toBe(4);
          if (edit.kind === 'paragraph' && COPY[edit.file] !== 'lead-economy.md') expect(unchanged.length).toBeGreaterThanOrEqual(3);
        }
      }),
      { numRuns: 4, seed: 20241018 },
    );
  }, 600_000);
});
