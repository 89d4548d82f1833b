import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { InputError } from '../../src/diagnostics.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { planPage, type Proposal } from '../../src/plan/plan.js';
import { formatPlan } from '../../src/plan/report.js';
import { withProposal, writeProposal } from '../../src/plan/write.js';
import { linesClash, measureArticle } from '../../src/plan/measure.js';
import { BuildContext } from '../../src/context.js';
import { overlaps, type GridArea } from '../../src/place/grid-area.js';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
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
    // The lead stands at the top, across the widest frame (a stepped frame's rectangles side by side).
    const stories = articles.filter((a) => !a.id.startsWith('ad'));
    const width = (a: (typeof articles)[number]) => a.fit.frame.reduce((n, f) => n + f.columns[1] - f.columns[0] + 1, 0);
    const lead = stories.find((a) => a.id === 'story-1')!;
    expect(lead.fit.frame[0].lines[0]).toBe(Math.min(...stories.flatMap((a) => a.fit.frame.map((f) => f.lines[0]))));
    for (const a of stories) expect(width(a)).toBeLessThanOrEqual(width(lead));
  });

  it('lets the headlines of a page that comes out short take a second line, writes that elastic and builds the page full', { timeout: 120_000 }, () => {
    // Page 13 of the benchmark: no photo, and less copy than the page holds with its headlines in one line.
    const dir = issueDir({ 'issue.yaml': readFileSync(join(import.meta.dirname, '../../bench/makeup/page-13.yaml'), 'utf8') });
    const file = join(dir, 'issue.yaml');
    const plan = planPage(file, 6);
    const best = plan.proposals[0];
    expect(best.terms.unused).toBeLessThan(1);
    const given = plan.issue.pages[0].articles.filter((_, k) => best.elastic[k]);
    expect(given.length).toBeGreaterThan(0);
    // Given only where the headline gave.
    for (const a of given) expect(best.fits[plan.planned.findIndex((p) => p.path === a.path)].changes).toContain('headline 2 lines');
    writeProposal(plan, 1);
    const written = readFileSync(file, 'utf8');
    for (const a of given) expect(written).toContain(`- id: ${a.spec.id}\n        elastic: { headline_lines: [1, 2] }\n`);
    const { pages } = composeIssue(file);
    for (const a of pages[0].articles) expect(a.fit.overflowLines, a.id).toBe(0);
    const empty = pages[0].articles.filter((a) => !a.id.startsWith('ad')).reduce((n, a) => n + a.fit.emptyLines, 0);
    expect(empty).toBe(best.fits.reduce((n, f) => n + f.emptyLines, 0));
  });

  it('finds the printed stepped layout of the 红岩周刊 page first: the lead deeper on its right, the two boxed columns side by side under it', { timeout: 120_000 }, () => {
    const plan = planPage(join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml'), 6);
    const best = plan.proposals[0];
    expect(best.frames).toEqual([
      [{ columns: [1, 4], lines: [8, 88] }, { columns: [5, 8], lines: [8, 92] }],
      [{ columns: [1, 4], lines: [90, 120] }],
      [{ columns: [5, 8], lines: [94, 120] }],
    ]);
    expect(best.rules).toEqual([{ columns: [1, 4], line: 89 }, { columns: [5, 8], line: 93 }]);
    expect(best.fits.map((f) => [f.emptyLines, f.overflowLines])).toEqual([[0, 0], [0, 0], [0, 0]]);
    expect(best.terms.unused).toBe(0);
  });
});

describe('paiban plan on a story with tables across columns', () => {
  it('estimates the story as its tables are set: its frame is the depth measured for its width, or a line more, and the page builds full', { timeout: 120_000 }, () => {
    const source = join(import.meta.dirname, '../../bench/makeup-tables');
    const dir = issueDir({ 'issue.yaml': readFileSync(join(source, 'issue.yaml'), 'utf8'), 'release.md': readFileSync(join(source, 'release.md'), 'utf8') });
    const file = join(dir, 'issue.yaml');
    const plan = planPage(file, 3);
    const best = plan.proposals[0];
    // Measured in one endless column, the story took a frame of two rectangles that left 18 lines empty (3.49 % of the page unused).
    expect(best.terms.overset).toBe(0);
    // Now within the benchmark's target for its worst page (figures kept with their units made the copy 2.13 %).
    expect(best.terms.unused).toBeLessThanOrEqual(3);
    const [frame] = best.frames;
    expect(frame).toHaveLength(1);
    const w = frame![0].columns[1] - frame![0].columns[0] + 1;
    const context = new BuildContext();
    const layout = plan.layout;
    const m = measureArticle(context, plan.issue.pages[0].articles[0], layout, 1, plan.issue.locate);
    const depth = frame![0].lines[1] - frame![0].lines[0] + 1 - m.head(w);
    expect(depth - m.copy(w).natural / w).toBeGreaterThanOrEqual(0);
    expect(depth - m.copy(w).natural / w).toBeLessThanOrEqual(1);
    writeProposal(plan, 1);
    const { pages } = composeIssue(file);
    const frames = pages[0].articles.flatMap((a) => a.fit.frame);
    frames.forEach((a, i) => frames.forEach((b, j) => j > i && expect(overlaps(a, b)).toBe(false)));
    for (const a of pages[0].articles) expect(a.fit.overflowLines, a.id).toBe(0);
    // Its second table stands apart from the first (a frame too shallow for both sets one over the other).
    expect(linesClash(pages[0].articles[0].copy)).toBe(false);
  });
});

describe('paiban plan around what stands on the page already', () => {
  /** Generated page 3 (7 stories) as a Document, to be changed. */
  const generated = () => parseDocument(makePage(3) as string);
  const articlesOf = (doc: ReturnType<typeof generated>, page = 0) => doc.getIn(['pages', page, 'articles']) as YAMLSeq<YAMLMap>;
  const flow = (doc: ReturnType<typeof generated>, value: unknown) => Object.assign(doc.createNode(value), { flow: true });
  const clearOf = (proposals: readonly Proposal[], area: GridArea) => {
    for (const p of proposals) for (const frame of p.frames) for (const r of frame ?? []) expect(overlaps(r, area), `${JSON.stringify(r)} over ${JSON.stringify(area)}`).toBe(false);
  };

  it('keeps the cells of a photo across frames as taken: no proposal overlaps it, its place is kept, and the written page builds', { timeout: 120_000 }, () => {
    // Story 2's photo (2 columns × 13 lines, a caption and a credit under it) stands across frames at column 1, line 90.
    const doc = generated();
    const story = articlesOf(doc).items[1];
    const photo = (story.get('photos') as YAMLSeq<YAMLMap>).items[0];
    photo.delete('elastic');
    photo.set('across', true);
    photo.set('at', flow(doc, { column: 1, line: 90 }));
    story.set('frame', flow(doc, { columns: [1, 4], lines: [1, 60] }));
    const file = join(issueDir({ 'issue.yaml': doc.toString({ lineWidth: 0 }) }), 'issue.yaml');
    const plan = planPage(file, 4);
    expect(plan.proposals.length).toBeGreaterThan(0);
    clearOf(plan.proposals, { columns: [1, 2], lines: [90, 104] });
    expect(plan.proposals[0].terms.overset).toBe(0);
    writeProposal(plan, 1);
    expect(readFileSync(file, 'utf8')).toContain('at: { column: 1, line: 90 }');
    const { pages, diagnostics } = composeIssue(file);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const slot = pages[0].articles.find((a) => a.id === 'story-2')!.photos[0].area;
    expect(slot).toEqual({ columns: [1, 2], lines: [90, 104] });
    for (const a of pages[0].articles) expect(a.fit.overflowLines, a.id).toBe(0);
  });

  it('keeps the part of a story that jumps in from another page as taken', { timeout: 120_000 }, () => {
    // Page 1's lead goes on in columns 1–4, lines 1–40 of page 4 (the generated page, its last three stories left out).
    const doc = generated();
    const stories = articlesOf(doc);
    for (let k = stories.items.length - 1; k >= 4; k--) stories.delete(k);
    const pages = doc.get('pages') as YAMLSeq;
    pages.items.unshift(
      doc.createNode({
        number: 1,
        articles: [{ id: 'lead', headline: '头条', body: '正文。', frame: [{ columns: [1, 8], lines: [1, 40] }, { page: 4, columns: [1, 4], lines: [1, 40] }] }],
      }),
    );
    const file = join(issueDir({ 'issue.yaml': doc.toString({ lineWidth: 0 }) }), 'issue.yaml');
    const plan = planPage(file, 4);
    expect(plan.proposals.length).toBeGreaterThan(0);
    clearOf(plan.proposals, { columns: [1, 4], lines: [1, 40] });
  });
});

describe('makeup: auto', () => {
  it('lays out the page as plan proposes first, builds it with no overset and no overlap, and says so', { timeout: 120_000 }, () => {
    const text = (makePage(3) as string).replace(/^  - number: (\d+)\n/m, '  - number: $1\n    makeup: auto\n');
    expect(text).toContain('makeup: auto');
    const dir = issueDir({ 'issue.yaml': text });
    const file = join(dir, 'issue.yaml');
    const { pages, makeups, issue } = composeIssue(file);
    expect(makeups.length).toBe(1);
    const best = makeups[0].proposals[0];
    const page = pages[0];
    // Every article stands in the frame the plan's best proposal gives it, and the file is left as it was.
    issue.pages[0].articles.forEach((a, k) => {
      const placed = page.articles.find((p) => p.id === a.spec.id)!;
      if (best.frames[k]) expect(placed.fit.frame.map(({ columns, lines }) => ({ columns, lines }))).toEqual(best.frames[k]);
    });
    expect(readFileSync(file, 'utf8')).toBe(text);
    const frames = page.articles.flatMap((a) => a.fit.frame);
    frames.forEach((a, i) => frames.forEach((b, j) => j > i && expect(overlaps(a, b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`).toBe(false)));
    for (const a of page.articles) expect(a.fit.overflowLines, a.id).toBe(0);
  });

  it('is an error at the field when no layout can be set', () => {
    const dir = issueDir({
      'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: broadsheet
pages:
  - number: 1
    makeup: auto
    articles:
      - id: wide-photo
        headline: 一张照片
        body: 正文。
        photos:
          - { id: p, columns: 12, lines: 20, caption: 照片。 }
`,
    });
    expect(() => composeIssue(join(dir, 'issue.yaml'))).toThrow(/issue\.yaml:6:\d+: error: makeup: auto found no layout for the page's 1 article/);
  });
});

describe('a page with nothing to lay out', () => {
  // Page 1: an advertisement kept where it is; page 2: no articles, only the part of page 1's story that jumps there.
  const text = (makeup: string, makeupFirst = makeup) => `paper: 测试日报
date: 2024-03-01
layout: broadsheet
pages:
  - number: 1${makeupFirst}
    articles:
      - id: ad
        fixed: true
        frame: { columns: [1, 8], lines: [100, 120] }
        body: 广告。
      - id: lead
        headline: 头条
        body: 正文。
        frame: [{ columns: [1, 8], lines: [1, 40] }, { page: 2, columns: [1, 6], lines: [1, 40] }]
  - number: 2${makeup}
    articles: []
`;

  it('is said by plan, with no proposal and no error', () => {
    const file = join(issueDir({ 'issue.yaml': text('') }), 'issue.yaml');
    const fixedOnly = text('').replace(/      - id: lead\n(?:        .*\n)+/, '').replace(/  - number: 2\n.*\n/, '');
    const fixedFile = join(issueDir({ 'issue.yaml': fixedOnly }), 'issue.yaml');
    for (const plan of [planPage(file, 2), planPage(fixedFile, 1)]) {
      expect(plan.proposals).toEqual([]);
      expect(formatPlan(plan)).toMatch(/^p\d: nothing to lay out: the page has no articles but `fixed` ones$/);
    }
  });

  it('is built as it is by makeup: auto', () => {
    const fixedOnly = text('\n    makeup: auto').replace(/      - id: lead\n(?:        .*\n)+/, '');
    for (const written of [fixedOnly, text('\n    makeup: auto', '')]) {
      const { makeups, diagnostics, pages } = composeIssue(join(issueDir({ 'issue.yaml': written }), 'issue.yaml'));
      expect(makeups).toEqual([]);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(pages.length).toBe(2);
    }
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
    frames: [[{ columns: [1, 8], lines: [1, 60] }], [{ columns: [1, 8], lines: [62, 98] }], null],
    rules: [{ columns: [1, 8], line: 61 }],
    elastic: [null, null, null],
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

  it.each([
    ['CR', '\r'],
    ['CR LF', '\r\n'],
  ])('reads and keeps %s line ends', (_name, eol) => {
    const cr = (t: string) => t.replaceAll('\n', eol);
    // The photo's `at` removed, a frame line added and the rules written anew: every kind of edit.
    const written = withProposal(cr(issue), 0, proposal);
    expect(written).toBe(cr(withProposal(issue, 0, proposal)));
    const moreRules = { ...proposal, rules: [...proposal.rules, { columns: [1, 4], line: 99 }] } as unknown as Proposal;
    expect(withProposal(cr(issue), 0, moreRules)).toBe(cr(withProposal(issue, 0, moreRules)));
  });

  it('writes a stepped frame as its rectangle and drops the photos\' places, keeping the comment above it', () => {
    const text = readFileSync(join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml'), 'utf8');
    const written = withProposal(text, 0, {
      frames: [[{ columns: [1, 6], lines: [8, 120] }], [{ columns: [7, 8], lines: [8, 65] }], [{ columns: [7, 8], lines: [67, 120] }]],
      rules: [{ columns: [7, 8], line: 66 }],
      elastic: [null, null, null],
    } as unknown as Proposal);
    expect(written).toContain('        # Stepped: the left half stops above the taller column, the right half above the shorter one.\n        frame: { columns: [1, 6], lines: [8, 120] }\n        photos:\n');
    expect(written).not.toMatch(/\bat:/);
    expect(written).toMatch(/    rules:\n      - \{ columns: \[7, 8\], line: 66 \}\n$/);
    // Every other line is as it was.
    const kept = text.split('\n').filter((l) => !/frame|at:|rules|- \{ columns: \[\d, \d\], l/.test(l));
    expect(kept.every((l) => written.split('\n').includes(l))).toBe(true);
  });

  it('changes a stepped frame\'s numbers in place, and writes a frame of another shape as a list of its rectangles', () => {
    const text = readFileSync(join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml'), 'utf8');
    const written = withProposal(text, 0, {
      frames: [
        [{ columns: [1, 4], lines: [8, 120] }, { columns: [5, 8], lines: [8, 60] }],
        [{ columns: [5, 8], lines: [62, 92] }, { columns: [5, 8], lines: [93, 93] }],
        [{ columns: [5, 8], lines: [95, 120] }],
      ],
      rules: [{ columns: [5, 8], line: 61 }, { columns: [5, 8], line: 94 }],
      elastic: [null, null, null],
    } as unknown as Proposal);
    expect(written).toContain('        frame:\n          - { columns: [1, 4], lines: [8, 120] }\n          - { columns: [5, 8], lines: [8, 60] }\n        photos:\n');
    expect(written).toContain('        frame: [{ columns: [5, 8], lines: [62, 92] }, { columns: [5, 8], lines: [93, 93] }]\n        box: true\n');
    expect(written).toContain('        frame: { columns: [5, 8], lines: [95, 120] }\n');
  });

  it('gives an article written as a flow map or a block map the elastic its headline took', () => {
    const text = `pages:
  - number: 2
    articles:
      - { id: a, headline: 大桥合龙 }
      - id: b
        headline: 新街开市
`;
    const written = withProposal(text, 0, {
      frames: [[{ columns: [1, 8], lines: [1, 60] }], [{ columns: [1, 8], lines: [62, 120] }]],
      rules: [{ columns: [1, 8], line: 61 }],
      elastic: [{ headline_lines: [1, 2] }, { headline_lines: [1, 2] }],
    } as unknown as Proposal);
    expect(written).toContain('      - { id: a, headline: 大桥合龙, elastic: { headline_lines: [1, 2] }, frame: { columns: [1, 8], lines: [1, 60] } }\n');
    expect(written).toContain('      - id: b\n        elastic: { headline_lines: [1, 2] }\n        frame: { columns: [1, 8], lines: [62, 120] }\n        headline: 新街开市\n');
  });

  it('writes the issue file itself, proposal by number', () => {
    const dir = issueDir({ 'issue.yaml': issue });
    const file = join(dir, 'issue.yaml');
    writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 1);
    expect(readFileSync(file, 'utf8')).toContain('frame: { columns: [1, 8], lines: [62, 98] }');
    expect(() => writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 2)).toThrow(/there is no proposal 2/);
    writeFileSync(file, issue);
  });

  it('reads the issue file as build does: one gone, or a FIFO put in its place, is an error saying so, not a wait', () => {
    const file = join(issueDir({}), 'issue.yaml');
    const write = () => writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 1);
    expect(write).toThrow(InputError);
    expect(write).toThrow(/issue\.yaml: error: the issue file not found: nothing was written$/);
    execFileSync('mkfifo', [file]);
    expect(write).toThrow(/issue\.yaml: error: the issue file is a FIFO \(named pipe\), not a regular file: nothing was written$/);
  });

  it('keeps the parts of a frame that jump to another page, and writes this page\'s part only', () => {
    const jumping = issue.replace('frame: { columns: [1, 4], lines: [1, 40] }', 'frame: [{ columns: [1, 4], lines: [1, 40] }, { page: 3, columns: [1, 3], lines: [1, 80] }]');
    expect(withProposal(jumping, 0, proposal)).toContain('frame: [{ columns: [1, 8], lines: [1, 60] }, { page: 3, columns: [1, 3], lines: [1, 80] }]');
    const stepped = { ...proposal, frames: [[{ columns: [1, 4], lines: [1, 60] }, { columns: [5, 8], lines: [1, 50] }], ...proposal.frames.slice(1)] } as unknown as Proposal;
    expect(withProposal(jumping, 0, stepped)).toContain('frame: [{ columns: [1, 4], lines: [1, 60] }, { columns: [5, 8], lines: [1, 50] }, { page: 3, columns: [1, 3], lines: [1, 80] }]');
    const block = issue.replace('frame: { columns: [1, 4], lines: [1, 40] }', 'frame:\n          - { columns: [1, 4], lines: [1, 40] }\n          - page: 3\n            columns: [1, 3]\n            lines: [1, 80]');
    expect(withProposal(block, 0, stepped)).toContain(
      'frame:\n          - { columns: [1, 4], lines: [1, 60] }\n          - { columns: [5, 8], lines: [1, 50] }\n          - page: 3\n            columns: [1, 3]\n            lines: [1, 80]\n',
    );
    const onlyElsewhere = issue.replace('frame: { columns: [1, 4], lines: [1, 40] }', 'frame: [{ page: 3, columns: [1, 3], lines: [1, 80] }]');
    expect(() => withProposal(onlyElsewhere, 0, stepped)).toThrow(/^line 6: the frame of a has no rectangle on this page before the part with `page`/);
  });

  it('refuses to change a value another story shares by an alias, naming the file and line, and writes nothing', () => {
    const shared = issue.replace('lines: [1, 40] }', 'lines: &L [1, 40] }').replace('        columns: 4\n', '        frame: { columns: [5, 8], lines: *L }\n');
    expect(() => withProposal(shared, 0, proposal)).toThrow(/^line 6: the value anchored as &L is also used elsewhere as \*L/);
    const file = join(issueDir({ 'issue.yaml': shared }), 'issue.yaml');
    expect(() => writeProposal({ issue: { file }, pageIndex: 0, proposals: [proposal] } as never, 1)).toThrow(`${file}:6: the value anchored as &L`);
    expect(readFileSync(file, 'utf8')).toBe(shared);
    // The story that uses the alias gets its own value; the anchored one is left as it is.
    const kept = { ...proposal, frames: [null, proposal.frames[1], null] } as unknown as Proposal;
    expect(withProposal(shared, 0, kept)).toContain('frame: { columns: [1, 8], lines: [62, 98] }');
    expect(withProposal(shared, 0, kept)).toContain('lines: &L [1, 40] }');
  });
});
