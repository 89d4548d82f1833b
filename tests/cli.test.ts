/** The command line as an editor meets it: one clear line per problem, an exit code, no partial PDF. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { LAYOUTS_DIR } from '../src/layout/load-layout.js';
import { issueDir, SMALL_ISSUE } from './helpers/issue-dir.js';

async function run(args: string[]) {
  const r = await runCli(args);
  return { ...r, stderr: r.stderr.trim().split('\n').filter(Boolean) };
}

/** Builds an issue folder and runs `paiban build` on it with its own output folder. */
async function build(files: Record<string, string>, ...extra: string[]) {
  const dir = issueDir(files);
  const out = join(dir, 'out');
  const r = await run(['build', join(dir, 'issue.yaml'), '-o', out, ...extra]);
  return { ...r, dir, out, pdfs: existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.pdf')) : [] };
}

describe('paiban build', () => {
  it('writes the PDF and reports each article’s fit', async () => {
    const r = await build({ 'issue.yaml': SMALL_ISSUE });
    expect(r.code).toBe(0);
    expect(r.pdfs).toHaveLength(1);
    expect(r.stdout).toMatch(/p1\s+story\s+c1-6 l1-\d+\s+\d+ lines\s+fits/);
  });

  it('prints the report as JSON with --json', async () => {
    const r = await build({ 'issue.yaml': SMALL_ISSUE }, '--json');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: true, articles: [{ id: 'story', page: 1, overflowLines: 0 }] });
  });

  it.each([
    ['a YAML syntax error', { 'issue.yaml': SMALL_ISSUE.replace('date: 2024-02-20', 'date: [2024-02-20') }, /issue\.yaml:\d+:\d+: error: YAML syntax/],
    ['an unknown field', { 'issue.yaml': SMALL_ISSUE.replace('headline:', 'headlin:') }, /issue\.yaml:8:9: error: unknown field "headlin"; did you mean "headline"\? \(pages\[0\]\.articles\[0\]\.headlin\)/],
    ['a missing body file', { 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: nowhere.md\n') }, /issue\.yaml:9:\d+: error: body file "nowhere.md" not found \(pages\[0\]\.articles\[0\]\.body_file\)/],
    ['a missing font file', {
      'issue.yaml': SMALL_ISSUE.replace('layout: tabloid', 'layout: custom.yaml'),
      'custom.yaml': readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8')
        .replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`)
        .replace('NotoSerifCJKsc-Regular.otf', 'Missing.otf'),
    }, /custom\.yaml:\d+:\d+: error: font file not found: .*Missing\.otf \(fonts\.song\.file\)/],
  ])('reports %s in one line, exits 1 and writes no PDF', async (_what, files, message) => {
    const r = await build(files as Record<string, string>);
    expect(r.code).toBe(1);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(message);
    expect(r.pdfs).toEqual([]);
  });

  // Three runs of the command, each with a build context of its own as in a process of its own:
  // the 8,000-character paragraph is composed three times (about 2 s each on a 2-core machine).
  it('treats overflow as an error with --strict and writes nothing', async () => {
    const long = '正文'.repeat(4000);
    const text = SMALL_ISSUE.replace(/body: \|[\s\S]*$/, `body: ${long}\n        frame: { columns: [1, 2], lines: [1, 10] }\n`);
    const warn = await build({ 'issue.yaml': text });
    expect(warn.code).toBe(0);
    expect(warn.stderr.join('\n')).toMatch(/issue\.yaml:\d+:\d+: warning: article "story" on page 1 overflows its frame by \d+ lines .*\(pages\[0\]\.articles\[0\]\.frame\)/);
    const strict = await build({ 'issue.yaml': text }, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.pdfs).toEqual([]);
    // check: one error, where the build gave its warning.
    const dir = issueDir({ 'issue.yaml': text });
    const checked = await run(['check', join(dir, 'issue.yaml')]);
    expect(checked.code).toBe(1);
    expect(checked.stderr.filter((l) => l.includes('overflows'))).toEqual([expect.stringMatching(/issue\.yaml:\d+:\d+: error: article "story" on page 1 overflows/)]);
  }, 30_000);

  it('checks an issue by reading its PDF back', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const r = await run(['check', join(dir, 'issue.yaml'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.typography.kinsoku).toMatchObject({ lineStart: 0, lineEnd: 0 });
    expect(report.fonts.every((f: { embedded: boolean }) => f.embedded)).toBe(true);
    expect(report.fits[0].id).toBe('story');
  });

  it('explains its usage for an unknown command', async () => {
    const r = await run(['bild', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toBe('paiban: unknown command bild');
  });

  it('says that a file given to check is not a PDF, as an input error', async () => {
    const dir = issueDir({ 'page.pdf': 'not a PDF at all' });
    const r = await run(['check', join(dir, 'page.pdf')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/page\.pdf: error: cannot be read as a PDF \(/)]);
  });

  it('tells its version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^paiban \d+\.\d+\.\d+\n$/);
  });
});
