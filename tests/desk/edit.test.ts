/**
 * Moves made on the desk, written into the sample issue file in place: only the numbers moved
 * change; moves off the type area or over another story are refused; a file changed elsewhere
 * is not overwritten; undo and redo give back the texts exactly.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { withMoves, movesOf, refusal, type DeskMove } from '../../src/desk/edit.js';
import { deskDiagnostics, deskPages, type DeskPage } from '../../src/desk/geometry.js';
import { moveRequest } from '../../src/desk/request.js';
import { DeskSession, stampOfText } from '../../src/desk/session.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));
let original: string;
let page: DeskPage;
let pages: DeskPage[];

beforeAll(() => {
  const { issue, pages: models, layouts } = composeIssue(join(sample, 'issue.yaml'));
  pages = deskPages(issue, models, layouts);
  page = pages[0];
  original = readFileSync(join(sample, 'issue.yaml'), 'utf8');
}, 60_000);

/** The lines that differ between two texts of the same number of lines, as [before, after]. */
function changedLines(a: string, b: string): [string, string][] {
  const [x, y] = [a.split('\n'), b.split('\n')];
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i]] as [string, string]]));
}

const frameMove = (article: number, rect: number, columns: [number, number], lines: [number, number]): DeskMove => ({ target: { kind: 'frame', page: 0, article, rect }, area: { columns, lines } });

describe('the desk geometry of the sample page', () => {
  it('knows where each article and photo is written, and the pictures without their captions', () => {
    const cadres = page.articles.find((a) => a.id === 'cadres-column')!;
    expect(cadres.path).toEqual({ page: 0, article: 1 });
    expect(cadres.frames).toMatchObject([{ area: { columns: [1, 4], lines: [90, 120] }, rectIndex: 0 }]);
    expect(cadres.fit).toMatch(/^c1-4 l90-120 {2}88 lines {2}fits exactly$/);
    const lead = page.articles.find((a) => a.id === 'chain-party-building')!;
    expect(lead.frames.map((f) => f.rectIndex)).toEqual([0, 1]);
    // jiangjin-pepper: 5 columns by 28 lines at column 4, line 16.
    expect(lead.photos[0]).toMatchObject({ id: 'jiangjin-pepper', picture: { columns: [4, 8], lines: [16, 43] } });
    expect(lead.photos[0].captionLines).toBeGreaterThan(0);
  });

  it('places a diagnostic that names an article on the page, and keeps its file and line', () => {
    const [d] = deskDiagnostics([{ severity: 'warning', message: 'leaves lines empty', file: '/x/issue.yaml', line: 49, field: 'pages[0].articles[1].frame' }], pages);
    expect(d).toMatchObject({ file: '/x/issue.yaml', line: 49, text: '/x/issue.yaml:49: warning: leaves lines empty (pages[0].articles[1].frame)', place: { page: 0, what: 'cadres-column' } });
    expect(d.place!.rect).toEqual(page.articles.find((a) => a.id === 'cadres-column')!.frames[0].rect);
    expect(deskDiagnostics([{ severity: 'error', message: 'no field' }], pages)[0].place).toBeUndefined();
  });
});

describe('writing a move into the issue file', () => {
  it('changes only the numbers of the frame edge dragged, comments and layout kept', () => {
    const moves = movesOf(page, frameMove(1, 0, [1, 4], [95, 120]));
    expect(refusal(page, moves)).toBeUndefined();
    // cadres-column starting five lines lower would leave a gap, which is allowed.
    expect(changedLines(original, withMoves(original, moves))).toEqual([['        frame: { columns: [1, 4], lines: [90, 120] }', '        frame: { columns: [1, 4], lines: [95, 120] }']]);
  });

  it('writes a rectangle of a stepped frame, and a photo resized by its corner', () => {
    const text = withMoves(original, [frameMove(0, 1, [5, 8], [8, 90]), { target: { kind: 'photo', page: 0, article: 0, photo: 0 }, area: { columns: [4, 7], lines: [16, 39] } }]);
    expect(changedLines(original, text)).toEqual([
      ['          - { columns: [5, 8], lines: [8, 92] }', '          - { columns: [5, 8], lines: [8, 90] }'],
      ['            columns: 5', '            columns: 4'],
      ['            lines: 28', '            lines: 24'],
    ]);
    expect(text).toContain('# Stepped: the left half stops above the taller column');
  });

  it('moves the photos standing in a frame rectangle moved whole', () => {
    const archive = page.articles.find((a) => a.id === 'red-crag-archive')!;
    expect(archive.photos).toEqual([]);
    const lead = page.articles.find((a) => a.id === 'chain-party-building')!;
    const moves = movesOf(page, frameMove(0, 0, [1, 4], [9, 89]));
    // The left rectangle carries the photo standing wholly in it (tongliang-salon, columns 1–3).
    expect(moves.map((m) => m.target)).toEqual([{ kind: 'frame', page: 0, article: 0, rect: 0 }, { kind: 'photo', page: 0, article: 0, photo: 1 }]);
    expect(moves[1].area).toEqual({ columns: [1, 3], lines: [lead.photos[1].picture.lines[0] + 1, lead.photos[1].picture.lines[1] + 1] });
  });

  it('adds `at` to a photo placed automatically, on a line of its own', () => {
    const text = 'pages:\n  - number: 1\n    articles:\n      - id: a\n        photos:\n          - id: p   # the lead photo\n            columns: 2\n            lines: 10\n';
    expect(withMoves(text, [{ target: { kind: 'photo', page: 0, article: 0, photo: 0 }, area: { columns: [3, 4], lines: [5, 14] } }])).toBe(
      'pages:\n  - number: 1\n    articles:\n      - id: a\n        photos:\n          - id: p   # the lead photo\n            at: { column: 3, line: 5 }\n            columns: 2\n            lines: 10\n',
    );
  });
});

describe.each([
  ['CR', '\r'],
  ['CR LF', '\r\n'],
])('an issue file with %s line ends', (_name, eol) => {
  const cr = (t: string) => t.replaceAll('\n', eol);

  it('is moved in as one with LF line ends, and keeps its line ends', () => {
    const moves = movesOf(page, frameMove(1, 0, [1, 4], [95, 120]));
    expect(withMoves(cr(original), moves)).toBe(cr(withMoves(original, moves)));
    const text = 'pages:\n  - number: 1\n    articles:\n      - id: a\n        photos:\n          - id: p\n            columns: 2\n            lines: 10\n';
    const photoMove: DeskMove = { target: { kind: 'photo', page: 0, article: 0, photo: 0 }, area: { columns: [3, 4], lines: [5, 14] } };
    expect(withMoves(cr(text), [photoMove])).toBe(cr(withMoves(text, [photoMove])));
  });
});

describe('moves refused', () => {
  it('off the type area', () => {
    expect(refusal(page, [frameMove(1, 0, [1, 4], [100, 130])])).toMatch(/would leave the type area \(columns 1–8, lines 1–120\): columns 1–4, lines 100–130/);
  });

  it('over another story', () => {
    expect(refusal(page, [frameMove(1, 0, [1, 5], [90, 120])])).toBe('the frame of cadres-column would overlap the frame of chain-party-building');
  });

  it('a photo out of its frame, or over another photo', () => {
    expect(refusal(page, [{ target: { kind: 'photo', page: 0, article: 0, photo: 0 }, area: { columns: [4, 8], lines: [100, 110] } }])).toMatch(/photo jiangjin-pepper would stand outside the frame of chain-party-building/);
    expect(refusal(page, [{ target: { kind: 'photo', page: 0, article: 0, photo: 2 }, area: { columns: [6, 8], lines: [30, 49] } }])).toMatch(/photo dadukou-volunteers would overlap photo jiangjin-pepper/);
  });

  it('a frame made too small for its photos', () => {
    expect(refusal(page, movesOf(page, frameMove(0, 1, [5, 8], [8, 60])))).toMatch(/would leave photo dadukou-volunteers outside it/);
  });
});

describe('a desk session on the file', () => {
  let file: string;
  let built: { stamp: string; pages: DeskPage[] };
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-desk-'));
    cpSync(sample, dir, { recursive: true });
    file = join(dir, 'issue.yaml');
    built = { stamp: stampOfText(original), pages };
  });

  it('writes a move, refuses one from a stale stamp, and undoes and redoes exactly', () => {
    const session = new DeskSession(file);
    const result = session.move(built.stamp, built, frameMove(1, 0, [1, 4], [95, 120]));
    expect(result).toEqual({ ok: true, stamp: stampOfText(readFileSync(file, 'utf8')) });
    const moved = readFileSync(file, 'utf8');
    expect(moved).toContain('lines: [95, 120]');

    // The browser still holds the stamp of the file before the move.
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [96, 120]))).toMatchObject({ ok: false, stale: true });
    expect(readFileSync(file, 'utf8')).toBe(moved);

    expect(session.undo()).toEqual({ ok: true, stamp: built.stamp });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(session.redo()).toMatchObject({ ok: true });
    expect(readFileSync(file, 'utf8')).toBe(moved);
    expect(session.redo()).toEqual({ ok: false, stale: false, reason: 'nothing to redo' });
  });

  it('does not overwrite a change made in a text editor', () => {
    const session = new DeskSession(file);
    const edited = original.replace('# Stepped', '# Stepped frame');
    writeFileSync(file, edited);
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [95, 120]))).toMatchObject({ ok: false, stale: true, reason: expect.stringMatching(/changed since this page was built/) });
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('does not undo over a change made in a text editor', () => {
    const session = new DeskSession(file);
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [95, 120])).ok).toBe(true);
    const edited = readFileSync(file, 'utf8').replace('# Stepped', '# Stepped frame');
    writeFileSync(file, edited);
    expect(session.undo()).toMatchObject({ ok: false, stale: true });
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('refuses a move on a page the build does not have, naming its index and the pages’ numbers', () => {
    const session = new DeskSession(file);
    expect(session.move(built.stamp, built, { ...frameMove(1, 0, [1, 4], [95, 120]), target: { kind: 'frame', page: 5, article: 1, rect: 0 } })).toEqual({
      ok: false,
      stale: false,
      reason: `the issue has no page at index 5 (its pages are numbered ${pages.map((p) => p.number).join(', ')})`,
    });
    expect(readFileSync(file, 'utf8')).toBe(original);
  });

  it('writes nothing for a refused move', () => {
    const session = new DeskSession(file);
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 5], [90, 120]))).toMatchObject({ ok: false, stale: false, reason: expect.stringMatching(/overlap/) });
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(session.undo()).toMatchObject({ ok: false, reason: 'nothing to undo' });
  });

  it('refuses, without waiting or filling memory, when the issue file is gone or is a FIFO or a device', () => {
    const session = new DeskSession(file);
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [95, 120])).ok).toBe(true);
    rmSync(file);
    const refused = { ok: false, stale: false, reason: expect.stringMatching(/^the issue file not found/) };
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [96, 120]))).toEqual(refused);
    expect(session.undo()).toEqual(refused);
    execFileSync('mkfifo', [file]);
    expect(session.undo()).toEqual({ ...refused, reason: expect.stringMatching(/^the issue file is a FIFO \(named pipe\), not a regular file/) });
    rmSync(file);
    symlinkSync('/dev/zero', file);
    expect(session.move(built.stamp, built, frameMove(1, 0, [1, 4], [96, 120]))).toEqual({ ...refused, reason: expect.stringMatching(/^the issue file is a device, not a regular file/) });
  });
});

describe('a value shared by a YAML anchor', () => {
  // cadres-column's lines anchored, red-crag-archive's written as the alias.
  const shared = () => original.replace('lines: [90, 120] }', 'lines: &L [90, 120] }').replace('lines: [94, 120] }', 'lines: *L }');

  it('is not changed by a move, which would move the other story too: refused with the line', () => {
    expect(() => withMoves(shared(), movesOf(page, frameMove(1, 0, [1, 4], [95, 120])))).toThrow(/^line 50: the value anchored as &L is also used elsewhere as \*L/);
  });

  it('is written out in full for the story that used the alias', () => {
    expect(changedLines(shared(), withMoves(shared(), movesOf(page, frameMove(2, 0, [5, 8], [95, 120]))))).toEqual([['        frame: { columns: [5, 8], lines: *L }', '        frame: { columns: [5, 8], lines: [95, 120] }']]);
  });

  it('is refused by the session, with nothing written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paiban-desk-')), 'issue.yaml');
    writeFileSync(file, shared());
    const built = { stamp: stampOfText(shared()), pages };
    expect(new DeskSession(file).move(built.stamp, built, frameMove(1, 0, [1, 4], [95, 120]))).toEqual({ ok: false, stale: false, reason: expect.stringMatching(/&L .* \*L/) });
    expect(readFileSync(file, 'utf8')).toBe(shared());
  });
});

describe('moves on a page with advertisements', () => {
  it('refuses a frame moved over an advertisement', () => {
    const { issue, pages: models, layouts } = composeIssue(fileURLToPath(new URL('../../issues/evening-edition/issue.yaml', import.meta.url)));
    const front = deskPages(issue, models, layouts)[0];
    // 今日导读 (columns 5–6, lines 44–54) moved down onto the advertisement booked at lines 56–63.
    expect(front.ads[0]).toMatchObject({ id: 'jiadian', area: { columns: [5, 6], lines: [56, 63] } });
    const move: DeskMove = { target: { kind: 'frame', page: 0, article: 1, rect: 0 }, area: { columns: [5, 6], lines: [56, 63] } };
    expect(refusal(front, [move])).toBe('the frame of daodu would overlap the advertisement jiadian');
  }, 60_000);
});

describe('a move as the browser sends it', () => {
  const good = { stamp: 'abc', target: { kind: 'photo', page: 0, article: 1, photo: 2 }, area: { columns: [1, 2], lines: [3, 4] } };
  it('is read field by field', () => {
    expect(moveRequest(good)).toEqual(good);
    expect(moveRequest({ ...good, target: { kind: 'frame', page: 0, article: 1, rect: 0 } })).toMatchObject({ target: { kind: 'frame', rect: 0 } });
  });
  it.each([
    [null, /^stamp/],
    [{ ...good, stamp: 5 }, /^stamp/],
    [{ ...good, target: { kind: 'photo', page: -1, article: 1, photo: 2 } }, /^target/],
    [{ ...good, target: { kind: 'box', page: 0, article: 1, photo: 2 } }, /^target: kind/],
    [{ ...good, area: { columns: [1, 2.5], lines: [3, 4] } }, /^area/],
    [{ ...good, area: { columns: [1, 2, 3], lines: [3, 4] } }, /^area/],
  ])('is refused when malformed: %j', (json, message) => {
    expect(moveRequest(json)).toMatch(message);
  });
});
