/**
 * scripts/ci-diff.sh end to end, as CI runs it: in a git repository of one issue, a commit that
 * edits one character is compared with the commit before it. The repository's paiban is this
 * one (bin/ is a link to it), and only issues/ changes between the commits, so the script builds
 * both sides with it and installs nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCompiled, ROOT } from '../helpers/compiled.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

/** A tabloid page numbered 3 with one short story. */
const issue = (body: string) => `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 3
    articles:
      - id: story
        headline: 第三版标题
        body: |
          ${body}
`;

const git = (repo: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=paiban', '-c', 'user.email=paiban@example.org', ...args], { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
};

/** Runs the script from the root of `repo` against `base`, asked to exit 1 when a page changed. */
const ciDiff = (repo: string, base: string, issues?: string[]) =>
  spawnSync('sh', [join(ROOT, 'scripts/ci-diff.sh'), base, 'diff-out'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PAIBAN_DIFF_EXIT_CODE: '1', ...(issues && { ISSUES: issues.join('\n') }) },
  });

describe.skipIf(!hasGit)('scripts/ci-diff.sh', () => {
  let repo: string;
  /** Folders whose names a shell splits or a sed replacement reads as syntax. */
  const awkward = ['my issue', 'R&D|desk'];
  beforeAll(() => {
    ensureCompiled();
    repo = mkdtempSync(join(tmpdir(), 'paiban-ci-diff-'));
    symlinkSync(join(ROOT, 'bin'), join(repo, 'bin'));
    const files = ['daily', ...awkward].map((folder) => {
      mkdirSync(join(repo, 'issues', folder), { recursive: true });
      return join(repo, 'issues', folder, 'issue.yaml');
    });
    // A second issue file in daily's folder, and an issue the base cannot build (its layout is unknown).
    const extra = join(repo, 'issues/daily/extra.yaml');
    mkdirSync(join(repo, 'issues/fixed'));
    const fixed = join(repo, 'issues/fixed/issue.yaml');
    git(repo, 'init', '-q');
    for (const file of files) writeFileSync(file, issue('第三版的正文，用来检验排版。'));
    writeFileSync(extra, issue('另一份的正文。'));
    writeFileSync(fixed, issue('修好的正文。').replace('layout: tabloid', 'layout: no-such-layout'));
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    for (const file of files) writeFileSync(file, issue('第三版的正文，用来检査排版。'));
    writeFileSync(extra, issue('另一份的新正文。'));
    writeFileSync(fixed, issue('修好的正文。'));
    git(repo, 'commit', '-q', '-a', '-m', 'one character edited');
  }, 120_000);

  it('reports the page the commit changed, with its image, and exits 1', () => {
    const r = ciDiff(repo, 'HEAD~1');
    expect(r.status, r.stderr).toBe(1);
    const report = readFileSync(join(repo, 'diff-out/report.md'), 'utf8');
    expect(report).toMatch(/^## daily: 1 page changed/m);
    expect(report).toMatch(/^\| 3 \| changed \| p3 c\d+(-\d+)? l\d+(-\d+)? \|/m);
    expect(report).toContain('](daily/p03.png)');
    expect(existsSync(join(repo, 'diff-out/daily/p03.png'))).toBe(true);
    expect(JSON.parse(readFileSync(join(repo, 'diff-out/daily/report.json'), 'utf8')).pages[0].text).toEqual([
      expect.objectContaining({ before: expect.stringContaining('检验'), after: expect.stringContaining('检査') }),
    ]);
  }, 120_000);

  it('compares issues whose folder names hold a space, & or |, linking their images', () => {
    const r = ciDiff(repo, 'HEAD~1');
    const report = readFileSync(join(repo, 'diff-out/report.md'), 'utf8');
    expect(report).not.toContain('removed by this change');
    for (const folder of awkward) {
      expect(report).toContain(`## ${folder}: 1 page changed`);
      expect(report).toContain(`](<${folder}/p03.png>)`);
      expect(existsSync(join(repo, 'diff-out', folder, 'p03.png')), r.stderr).toBe(true);
    }
  }, 120_000);

  it('reports an issue the base could not build and this change builds as fixed, not as a failure', () => {
    const r = ciDiff(repo, 'HEAD~1', ['issues/fixed/issue.yaml']);
    expect(r.status, r.stdout).toBe(1);
    const report = readFileSync(join(repo, 'diff-out/report.md'), 'utf8');
    expect(report).toMatch(/^## fixed: fixed by this change$/m);
    expect(report).toContain('The base revision could not build this issue');
    expect(report).toContain('no-such-layout');
  }, 120_000);

  it('gives two issue files of one folder, listed in ISSUES, each its own output folder', () => {
    const r = ciDiff(repo, 'HEAD~1', ['issues/daily/issue.yaml', 'issues/daily/extra.yaml']);
    expect(r.status, r.stderr).toBe(1);
    const report = readFileSync(join(repo, 'diff-out/report.md'), 'utf8');
    expect(report).toMatch(/^## daily:/m);
    expect(report).toMatch(/^## daily-extra:/m);
    const changedText = (folder: string) => JSON.parse(readFileSync(join(repo, 'diff-out', folder, 'report.json'), 'utf8')).pages[0].text[0].after;
    expect(changedText('daily')).toContain('检査');
    expect(changedText('daily-extra')).toContain('新正文');
  }, 120_000);

  it('reports no change against the same commit, and exits 0', () => {
    const r = ciDiff(repo, 'HEAD');
    expect(r.status, r.stderr).toBe(0);
    const report = readFileSync(join(repo, 'diff-out/report.md'), 'utf8');
    expect(report).toMatch(/^## daily:/m);
    expect(report).not.toContain('changed |');
    expect(existsSync(join(repo, 'diff-out/daily/p03.png'))).toBe(false);
  }, 120_000);
});
