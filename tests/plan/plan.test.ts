import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { planPage, type Proposal } from '../../src/plan/plan.js';
import { withProposal, writeProposal } from '../../src/plan/write.js';
import { overlaps } from '../../src/place/grid-area.js';
// @ts-expect-error: a script without types
import { makePage } from '../../scripts/makeup-fixture.mjs';
import { issueDir } from '../helpers/issue-dir.js';

describe('paiban plan', () => {
  it('lays out a generated page whose written frames build with no overset and no overlap', { timeout: 120_000 }, () => {
    const text: string = makePage(3);
    const dir = issueDir({ 'issue.yaml': text });
    const file = join(dir, 'issue.yaml');
    const number = Number(/number: (\d+)/.exec(text)![1]);
    const plan = planPage(file, number);
    expect(plan.proposals.length).toBeGreaterThan(0);
    const best = plan.proposals[0];
    for (const t of ['unused', 'overset', 'headline', 'photos', 'alignment', 'reading', 'balance'] as const) expect(typeof best.terms[t]).toBe('number');
    // Proposals come best first.
    expect(plan.proposals.map((p) => p.score)).toEqual([...plan.proposals.map((p) => p.score)].sort((a, b) => a - b));
    writeProposal(plan, 1);
    const { pages } = composeIssue(file);
    const page = pages[0];
    const articles = page.articles;
    expect(articles.length).toBe(plan.issue.pages[0].articles.length);
    const frames = articles.flatMap((a) => a.fit.frame);
    frames.forEach((a, i) => frames.forEach((b, j) => j > i && expect(overlaps(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false)));
    for (const a of articles) expect(a.fit.overflowLines, a.id).toBe(0);
    // The lead stands at the top, across the widest frame.
    const lead = articles.find((a) => a.id === 'story-1')!.fit.frame[0];
    const top = Math.min(...frames.filter((f) => !articles.find((a) => a.fit.frame[0] === f)?.id.startsWith('ad')).map((f) => f.lines[0]));
    expect(lead.lines[0]).toBe(top);
    for (const f of frames) expect(f.columns[1] - f.columns[0]).toBeLessThanOrEqual(lead.columns[1] - lead.columns[0]);
  });
});

describe('writing a proposal into the issue file', () => {
  const issue = `# the editor's comment
pages:
  - number: 2
    articles:
      - id: a   # lead
        frame: { columns: [1, 4], lines: [1, 40] }
        photos:
          - { columns: 2, lines: 10, at: { column: 3, line: 5 } }
      - id: b
        columns: 4
      - id: ad
        fixed: true
        frame: { columns: [5, 8], lines: [100, 120] }
    rules:
      - { columns: [1, 4], line: 41 }   # between a and b
`;
  const proposal = {
    frames: [{ columns: [1, 8], lines: [1, 60] }, { columns: [1, 8], lines: [62, 98] }, null],
    rules: [{ columns: [1, 8], line: 61 }],
  } as unknown as Proposal;

  it('changes only the numbers of a frame and a rule, keeps comments, and gives a frame to an article placed automatically', () => {
    expect(withProposal(issue, 0, proposal)).toBe(`# the editor's comment
pages:
  - number: 2
    articles:
      - id: a   # lead
        frame: { columns: [1, 8], lines: [1, 60] }
        photos:
          - { columns: 2, lines: 10 }
      - id: b
        frame: { columns: [1, 8], lines: [62, 98] }
        columns: 4
      - id: ad
        fixed: true
        frame: { columns: [5, 8], lines: [100, 120] }
    rules:
      - { columns: [1, 8], line: 61 }   # between a and b
`);
  });

  it('writes a stepped frame as its rectangle and drops the photos\' places, keeping the comment above it', () => {
    const text = readFileSync(join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml'), 'utf8');
    const written = withProposal(text, 0, {
      frames: [{ columns: [1, 6], lines: [8, 120] }, { columns: [7, 8], lines: [8, 65] }, { columns: [7, 8], lines: [67, 120] }],
      rules: [{ columns: [7, 8], line: 66 }],
    } as unknown as Proposal);
    expect(written).toContain('        # Stepped: the left half stops above the taller column, the right half above the shorter one.\n        frame: { columns: [1, 6], lines: [8, 120] }\n        photos:\n');
    expect(written).not.toMatch(/\bat:/);
    expect(written).toMatch(/    rules:\n      - \{ columns: \[7, 8\], line: 66 \}\n$/);
    // Every other line is as it was.
    const kept = text.split('\n').filter((l) => !/frame|at:|rules|- \{ columns: \[\d, \d\], l/.test(l));
    expect(kept.every((l) => written.split('\n').includes(l))).toBe(true);
  });

  it('writes the issue file itself, proposal by number', () => {
    const dir = issueDir({ 'issue.yaml': issue });
    const file = join(dir, 'issue.yaml');
    writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 1);
    expect(readFileSync(file, 'utf8')).toContain('frame: { columns: [1, 8], lines: [62, 98] }');
    expect(() => writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 2)).toThrow(/there is no proposal 2/);
    writeFileSync(file, issue);
  });
});
