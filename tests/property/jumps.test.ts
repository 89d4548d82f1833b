/**
 * Random editions with a story that jumps: random page numbers in a random order, the story on
 * any page going on to any other, random copy lengths and frame sizes. Whatever the edition,
 * every jump line names the page the text goes on to or comes from, the parts hold the copy
 * once and in order, and a part that breaks the split rules (too few lines, or a paragraph's
 * line alone at a part's end or start) is reported at its place in the issue or the copy.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { jumpText } from '../../src/place/jump.js';
import { DEFAULT_JUMPS } from '../../src/layout/model.js';
import type { PageModel, PlacedArticle, TextBlock } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';

const sentence = fc.constantFrom(
  '全市前三季度地区生产总值同比增长5.6%',
  '规模以上工业增加值达到1234.5亿元',
  '记者从市统计局获悉',
  '“稳中有进”的态势更加明显',
  'GDP和CPI等主要指标好于预期',
  '详见https://tjj.example.gov.cn/2024/q3',
  '城乡居民人均可支配收入稳步提高……',
  '一批重大项目——包括轨道交通4号线——加快推进',
);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((s) => `${s.join('，')}。`);

const edition = fc
  .record({
    numbers: fc.uniqueArray(fc.integer({ min: 1, max: 24 }), { minLength: 2, maxLength: 5 }),
    from: fc.nat(),
    to: fc.nat(),
    // Every length up to the most (fast-check's default size keeps arrays to about ten).
    paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 80, size: 'max' }),
    first: fc.record({ columns: fc.integer({ min: 2, max: 6 }), lines: fc.integer({ min: 12, max: 60 }) }),
    second: fc.record({ columns: fc.integer({ min: 1, max: 6 }), lines: fc.integer({ min: 6, max: 60 }) }),
  })
  .map((e) => {
    const from = e.from % e.numbers.length;
    const to = (from + 1 + (e.to % (e.numbers.length - 1))) % e.numbers.length;
    return { ...e, from, to };
  });

type Edition = typeof edition extends fc.Arbitrary<infer T> ? T : never;

function write(e: Edition): string {
  const pages = e.numbers.map((n, i) => {
    const story =
      i === e.from
        ? `      - id: story
        headline: 经济运行稳中有进
        body_file: story.md
        frame:
          - { columns: [1, ${e.first.columns}], lines: [1, ${e.first.lines}] }
          - { page: ${e.numbers[e.to]}, columns: [1, ${e.second.columns}], lines: [${86 - e.second.lines + 1}, 86] }`
        : '';
    return `  - number: ${n}\n    articles:${story ? `\n${story}` : ' []'}`;
  });
  const dir = issueDir({ 'issue.yaml': `paper: 测试晚报\ndate: 2024-10-18\nlayout: tabloid\npages:\n${pages.join('\n')}\n` });
  writeFileSync(join(dir, 'story.md'), e.paragraphs.join('\n'));
  return join(dir, 'issue.yaml');
}

const textOf = (blocks: readonly TextBlock[]) => blocks.flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)))).join('').replace(/\s/g, '');
const copyOf = (a: PlacedArticle) => a.copy.filter((b) => b.role !== 'jump_line');
const jumpLine = (a: PlacedArticle, at: 'first' | 'last') => {
  const block = at === 'first' ? a.copy[0] : a.copy.at(-1);
  return block?.role === 'jump_line' ? textOf([block]) : undefined;
};

describe('random editions with a story that jumps', () => {
  it('name the right pages in every jump line, hold the copy once and in order, and report a part that breaks the split rules', () => {
    // Each case the property judges must come up, or it judges nothing.
    const seen = { reached: 0, notReached: 0, shortPart: 0, overflow: 0, aloneAtEnd: 0, aloneAtStart: 0 };
    fc.assert(
      fc.property(edition, (e) => {
        const { pages, diagnostics } = composeIssue(write(e));
        const parts: { page: PageModel; a: PlacedArticle }[] = pages
          .flatMap((page) => page.articles.filter((a) => a.id === 'story').map((a) => ({ page, a })))
          .sort((x, y) => x.a.part!.index - y.a.part!.index);
        expect(parts.map((p) => p.page.number)).toEqual([e.numbers[e.from], e.numbers[e.to]]);
        const [first, second] = parts;
        expect(first.a.part).toMatchObject({ index: 0, count: 2, to: e.numbers[e.to] });
        expect(second.a.part).toMatchObject({ index: 1, count: 2, from: e.numbers[e.from] });

        // The copy, part after part, is the copy file as far as it fits.
        const copy = e.paragraphs.join('').replace(/\s/g, '');
        const set = textOf(copyOf(first.a)) + textOf(copyOf(second.a));
        if (first.a.fit.overflowLines === 0) expect(set).toBe(copy);
        else {
          seen.overflow++;
          expect(copy.startsWith(set)).toBe(true);
        }

        const reached = copyOf(second.a).length > 0;
        if (reached) {
          seen.reached++;
          expect(jumpLine(first.a, 'last')).toBe(jumpText(DEFAULT_JUMPS.continuedTo, { number: e.numbers[e.to] }));
          expect(jumpLine(second.a, 'first')).toBe(jumpText(DEFAULT_JUMPS.continuedFrom, { number: e.numbers[e.from] }));
          for (const [p, side] of [[first, 'ends'], [second, 'starts']] as const) {
            const lines = copyOf(p.a).reduce((n, b) => n + b.lines.length, 0);
            if (lines < DEFAULT_JUMPS.minLines) {
              seen.shortPart++;
              expect(diagnostics.find((d) => d.message.includes(`on page ${p.page.number} ${side} with`)), 'a short part').toMatchObject({ file: expect.stringMatching(/issue\.yaml$/), line: expect.any(Number) });
            }
          }
          // A paragraph parted by the jump: a part holding one line of it (its first at the end
          // of the first part, its last at the start of the second) is said at its line in the copy.
          let end = 0;
          const paragraphEnds = e.paragraphs.map((p) => (end += p.replace(/\s/g, '').length));
          if (!paragraphEnds.includes(textOf(copyOf(first.a)).length)) {
            const alone = (line: 'first' | 'last', where: string) =>
              expect(diagnostics.find((d) => d.message.includes(`the ${line} line of the paragraph`) && d.message.includes(`alone at the ${where}`)), `${line} line alone`).toMatchObject({
                file: expect.stringMatching(/story\.md$/),
                line: expect.any(Number),
              });
            if (copyOf(first.a).at(-1)!.lines.length === 1) {
              seen.aloneAtEnd++;
              alone('first', `foot of a column (page ${e.numbers[e.from]},`);
            }
            // (Its last there unless text overflows the frame from that very line.)
            if (copyOf(second.a)[0].lines.length === 1 && (copyOf(second.a).length > 1 || first.a.fit.overflowLines === 0)) {
              seen.aloneAtStart++;
              alone('last', `head of a column (page ${e.numbers[e.to]},`);
            }
          }
        } else {
          seen.notReached++;
          expect([jumpLine(first.a, 'last'), jumpLine(second.a, 'first')]).toEqual([undefined, undefined]);
          expect(diagnostics.map((d) => d.message).join('\n')).toContain(`ends before its frame goes on to page ${e.numbers[e.to]}`);
        }
      }),
      { numRuns: 150, seed: 20261203 },
    );
    for (const [name, n] of Object.entries(seen)) expect(n, name).toBeGreaterThan(0);
  }, 120_000);
});
