/**
 * Pull quotes (引语): taken from the copy or given, set in the frame between two rules on whole
 * grid lines, the body flowing around them; every character of the copy still set once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { InputError } from '../../src/diagnostics.js';
import { covers } from '../../src/place/grid-area.js';
import { issueDir } from '../helpers/issue-dir.js';

const paragraphs = Array.from({ length: 22 }, (_, i) => `第${i + 1}段，档案馆的工作人员说，这是目前本市仅存的一套手工排字字架。`);
const copy = [...paragraphs.slice(0, 12), '何金生常说：“[字是印给人看的，一个字都不能错。]{.pull_quote}”', ...paragraphs.slice(12)].join('\n');

const issue = (pullQuote: string) => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 2
    articles:
      - id: story
        headline: 铅字记得那些年
        headline_level: 3
        pull_quote: ${pullQuote}
        frame: { columns: [1, 3], lines: [1, 40] }
        body_file: copy.md
`;

const compose = (pullQuote: string) => composeIssue(join(issueDir({ 'issue.yaml': issue(pullQuote), 'copy.md': copy }), 'issue.yaml'));
const textOf = (lines: { runs: { glyphs: { text: string }[] }[] }[]) => lines.map((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)).join('')).join('');

describe('pull quotes', () => {
  it('takes the quote marked in the copy, and sets it in the middle of the body between two rules', () => {
    const { pages, layouts } = compose('{ }');
    const [article] = pages[0].articles;
    const quote = article.pullQuote!;
    expect(textOf(quote.block.lines)).toBe('字是印给人看的，一个字都不能错。');
    expect(quote.block.style).toBe('pull_quote');
    // One column, the middle one of three; whole grid lines, a rule through the first and the last.
    expect(quote.area.columns).toEqual([2, 2]);
    const grid = layouts[0].grid;
    expect(quote.rules.map((r) => r.y1)).toEqual([grid.lineTop(quote.area.lines[0]) + grid.bodySize / 2, grid.lineTop(quote.area.lines[1]) + grid.bodySize / 2]);
    for (const run of quote.block.lines.flatMap((l) => l.runs)) {
      expect(run.baseline).toBeGreaterThan(quote.rules[0].y1);
      expect(run.baseline).toBeLessThan(quote.rules[1].y1);
    }
  });

  it('flows the body around it, on the grid, and sets the copy whole and once, the marked words in place', () => {
    const { pages } = compose('{ }');
    const [article] = pages[0].articles;
    const cells = article.copy.flatMap((b) => b.lines.map((l) => l.cell!));
    expect(cells.some((c) => c.column === 2 && c.line > article.pullQuote!.area.lines[1])).toBe(true);
    for (const c of cells) expect(covers(article.pullQuote!.area, c.column, c.line)).toBe(false);
    expect(textOf(article.copy.flatMap((b) => b.lines))).toBe(copy.replace(/\[|\]\{\.pull_quote\}|\n/g, ''));
  });

  it('sets a quote given in the issue where it is told to, columns wide', () => {
    const { pages } = compose('{ text: 那些字还在江底下呢。, columns: 2, at: { column: 1, line: 20 } }');
    const quote = pages[0].articles[0].pullQuote!;
    expect(textOf(quote.block.lines)).toBe('那些字还在江底下呢。');
    expect(quote.area.columns).toEqual([1, 2]);
    expect(quote.area.lines[0]).toBe(20);
  });

  it('says what is wrong with one that has no text or no room', () => {
    const messages = (pullQuote: string, body = copy) => {
      try {
        composeIssue(join(issueDir({ 'issue.yaml': issue(pullQuote), 'copy.md': body }), 'issue.yaml'));
        return [];
      } catch (e) {
        return (e as InputError).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message}`);
      }
    };
    expect(messages('{ }', paragraphs.join('\n'))).toEqual(['10: the pull quote has no text: give it as text, or mark it in the copy as [text]{.pull_quote}']);
    expect(messages('{ at: { column: 3, line: 38 } }')).toEqual([expect.stringMatching(/^10: no room for the pull quote \(1 column × \d+ lines\) at columns 3–3, lines 38–\d+ in its article's frame$/)]);
  });
});
