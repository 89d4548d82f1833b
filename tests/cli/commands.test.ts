/**
 * Each command's own options, read strictly; --allow-outside where an issue is read; the same
 * problem judged alike by build and check; and every diagnostic naming its file.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

async function run(args: string[]) {
  const r = await runCli(args);
  return { ...r, stderr: r.stderr.trim().split('\n').filter(Boolean) };
}

describe('options, per command', () => {
  it.each([
    [['build', 'x.yaml', '--sritc'], 'paiban build: unknown option --sritc'],
    // An option of another command is not one of this command's.
    [['check', 'x.yaml', '--strict'], 'paiban check: unknown option --strict'],
    [['build', 'x.yaml', '--dpi', '72'], 'paiban build: unknown option --dpi'],
    [['preview', 'x.yaml', '-o'], 'paiban preview: -o needs a folder'],
    [['watch', 'x.yaml', '--port', '--proof'], 'paiban watch: --port needs a whole number from 0 to 65535'],
    [['preview', 'x.yaml', '--dpi', '0'], 'paiban preview: --dpi needs a whole number from 1 to 1200'],
    [['build', 'x.yaml', '--json=yes'], 'paiban build: --json takes no value'],
    [['export', 'issues'], 'paiban export: needs -o DIR'],
    [['export', 'issues', '-o', 'out', '--jobs', '0'], 'paiban export: --jobs needs a whole number of 1 or more'],
    [['check'], 'paiban check: needs ISSUE.yaml|PAGE.pdf'],
    [['build', 'a.yaml', 'b.yaml'], 'paiban build: unexpected argument b.yaml'],
  ])('%j is a usage error in one line', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([message]);
  });

  it.each([
    ['build', ['--out DIR', '--strict', '--allow-outside', '--json'], ['--port', '--proof']],
    ['check', ['--json', '--allow-outside'], ['--out', '--strict']],
    ['preview', ['--out DIR', '--dpi N', '--proof', '--allow-outside'], ['--json', '--port']],
    ['watch', ['--port N', '--dpi N', '--proof', '--allow-outside'], ['--out', '--json']],
    ['export', ['--out DIR', '--shard K/N', '--jobs N'], ['--json', '--allow-outside']],
  ])('%s --help tells its own options', async (command, has, hasNot) => {
    const r = await run([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: paiban ${command} `));
    for (const o of [...has, '--debug', '--help']) expect(r.stdout).toContain(o);
    for (const o of hasNot) expect(r.stdout).not.toContain(o);
  });
});

/** An issue in `dir/issue/` whose body file, `dir/outside.md`, lies outside its folder. */
function outsideIssue(): string {
  const dir = issueDir({ 'outside.md': '外面的正文。\n' });
  mkdirSync(join(dir, 'issue'));
  writeFileSync(join(dir, 'issue', 'issue.yaml'), SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: ../outside.md\n'));
  return join(dir, 'issue', 'issue.yaml');
}

const OUTSIDE = /issue\.yaml:\d+:\d+: error: "\.\.\/outside\.md" lies outside the issue's folder/;

describe('what the program is told as a command goes on', () => {
  it('build says how many pages the issue has once it is read, before it sets any', async () => {
    const twoPages = SMALL_ISSUE.replace('pages:\n', 'pages:\n  - number: 2\n    articles:\n      - { id: other, headline: 二版, body: 二版正文。 }\n');
    const dir = issueDir({ 'issue.yaml': twoPages });
    const out = join(dir, 'out');
    const told: [number, boolean][] = [];
    const run = await runCli(['build', join(dir, 'issue.yaml'), '-o', out], { issueLoaded: (pages) => told.push([pages, existsSync(out)]) });
    expect(run.code).toBe(0);
    expect(told).toEqual([[2, false]]);
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf'))).toHaveLength(2);
  });

  it('and so do check and preview of an issue', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    for (const args of [['check', join(dir, 'issue.yaml')], ['preview', join(dir, 'issue.yaml'), '-o', join(dir, 'previews')]]) {
      const told: number[] = [];
      const run = await runCli(args, { issueLoaded: (pages) => told.push(pages) });
      expect(run.code, run.stderr).toBe(0);
      expect(told, args[0]).toEqual([1]);
    }
  });
});

describe('--allow-outside', () => {
  it('lets check read a body file outside the issue’s folder', async () => {
    const file = outsideIssue();
    const refused = await run(['check', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toEqual([expect.stringMatching(OUTSIDE)]);
    const allowed = await run(['check', file, '--allow-outside']);
    expect(allowed.code, allowed.stderr.join('\n')).toBe(0);
    expect(allowed.stdout).toMatch(/story\s+c1-6/);
  });

  /** Runs `paiban watch` until its first build is told, then interrupts it as Ctrl-C would. */
  async function watchOnce(...args: string[]) {
    const listening = process.listenerCount('SIGINT');
    const running = run(['watch', ...args, '--port', '0']);
    await vi.waitFor(() => expect(process.listenerCount('SIGINT')).toBeGreaterThan(listening), { timeout: 30_000, interval: 20 });
    process.emit('SIGINT');
    return running;
  }

  it('lets watch build from a body file outside the issue’s folder', async () => {
    const file = outsideIssue();
    const refused = await watchOnce(file);
    expect(refused.stderr[0]).toMatch(/^build 1 failed/);
    expect(refused.stderr[1]).toMatch(OUTSIDE);
    const allowed = await watchOnce(file, '--allow-outside');
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toEqual([expect.stringMatching(/^build 1 in \d+ ms$/)]);
  }, 60_000);
});

/** An issue with one photo of `width` pixels over two tabloid columns (about 81 mm). */
async function photoIssue(width: number): Promise<string> {
  const dir = issueDir({
    'issue.yaml': `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 1
    articles:
      - id: photo
        body: 图片测试。
        frame: { columns: [1, 6], lines: [1, 80] }
        photos:
          - { file: photo.jpg, columns: 2, lines: 12, at: { column: 5, line: 1 }, caption: 照片。 }
`,
  });
  await sharp({ create: { width, height: (width * 3) / 4, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .jpeg()
    .toFile(join(dir, 'photo.jpg'));
  return dir;
}

/** What build says besides: the one-line article leaves its frame nearly empty. */
const aboutPhoto = (stderr: string[]) => stderr.filter((l) => !/article "photo" leaves \d+ lines of its frame empty/.test(l));

const PHOTO_FIELD = /issue\.yaml:11:\d+: (error|warning): photo photo\.jpg prints at (\d+) ppi, below (\d+): it will look soft \(pages\[0\]\.articles\[0\]\.photos\[0\]\.file\)/;

describe('a photo’s resolution, judged alike by build and check', () => {
  it('is an error under 150 ppi: build writes no PDF, and check says it once', async () => {
    // 200 pixels over 81 mm is about 63 ppi.
    const dir = await photoIssue(200);
    const out = join(dir, 'out');
    const built = await run(['build', join(dir, 'issue.yaml'), '-o', out]);
    expect(built.code).toBe(1);
    expect(aboutPhoto(built.stderr)).toEqual([expect.stringMatching(PHOTO_FIELD)]);
    expect(aboutPhoto(built.stderr)[0]).toMatch(/error: .* below 150/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    const checked = await run(['check', join(dir, 'issue.yaml')]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toEqual(built.stderr);
  });

  it('is a warning under 200 ppi, said once by check; check of the PDF names the page and the image', async () => {
    // 480 pixels over 81 mm is about 167 ppi.
    const dir = await photoIssue(480);
    const out = join(dir, 'out');
    const built = await run(['build', join(dir, 'issue.yaml'), '-o', out]);
    expect(built.code).toBe(0);
    expect(aboutPhoto(built.stderr)).toEqual([expect.stringMatching(PHOTO_FIELD)]);
    expect(aboutPhoto(built.stderr)[0]).toMatch(/warning: .* below 200/);
    const checked = await run(['check', join(dir, 'issue.yaml')]);
    expect(checked.code).toBe(0);
    expect(checked.stderr.filter((l) => l.includes('ppi'))).toEqual(aboutPhoto(built.stderr));
    const pdf = join(out, readdirSync(out)[0]);
    const page = await run(['check', pdf]);
    expect(page.code).toBe(0);
    expect(page.stderr.filter((l) => l.includes('ppi'))).toEqual([expect.stringMatching(/: warning: image 1 on page 1 \(480×\d+ pixels\) prints at 1\d\d ppi, below 200: it will look soft$/)]);
    expect(page.stderr[0].startsWith(`${pdf}: `)).toBe(true);
  });
});
