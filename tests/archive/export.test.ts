/**
 * `paiban export` as a batch job runs it: the compiled command line (worker threads run the
 * compiled workers), over a tree of issues with one broken, then again to resume, and in shards.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, statSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { inShard, parseShard } from '../../src/archive/shard.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { qpdfCheckAll } from '../helpers/pdf.js';
import { altoSchemaErrors } from './alto-schema.js';

const ROOT = join(import.meta.dirname, '../..');

/** Runs the compiled command; every PDF an export writes is checked with qpdf. */
function paiban(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/paiban.js'), ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  const out = args.includes('-o') ? args[args.indexOf('-o') + 1] : undefined;
  if (args[0] === 'export' && out && statSync(out, { throwIfNoEntry: false })?.isDirectory()) qpdfCheckAll(out);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Manifest {
  shard: string | null;
  issues: { key: string; status: string; pages: number; files: string[]; fingerprint: string | null; errors: string[] }[];
  files: { path: string; sha256: string; bytes: number }[];
}
const manifest = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

let tree: string;
beforeAll(() => {
  // The workers are compiled JavaScript: build them (and the schema validators) from the current sources.
  // A failed build must fail the tests: tsc writes JavaScript even for sources with type errors,
  // and the validators are then not compiled again, so the export would run stale code and pass.
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.error) throw build.error;
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}):\n${build.stdout}${build.stderr}`);
  tree = issueDir({});
  const put = (path: string, text: string) => {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), text);
  };
  put('2024/02-20/issue.yaml', SMALL_ISSUE);
  put('2024/02-21/issue.yaml', SMALL_ISSUE.replace('测试标题', '第二期').replace('number: 1', 'number: 3'));
  put('2024/extra/2024-02-22.yaml', SMALL_ISSUE.replace('date: 2024-02-20', 'date: 2024-02-22'));
  put('2024/broken/issue.yaml', SMALL_ISSUE.replace('headline:', 'headlin:'));
  put('layouts/custom.yaml', 'name: custom\npage: { width: 100mm }\n'); // not an issue: passed over
}, 60_000);

describe('paiban export', () => {
  it('fails an issue whose text overflows its frame: an archive never drops text', () => {
    const dir = issueDir({
      'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, `body: ${'正文'.repeat(3000)}\n        frame: { columns: [1, 2], lines: [1, 10] }\n`),
    });
    const out = join(dir, 'out');
    const r = paiban('export', dir, '-o', out);
    expect(r.code).toBe(1);
    const [issue] = manifest(join(out, 'manifest.json')).issues;
    expect(issue.status).toBe('failed');
    expect(issue.errors.join('\n')).toMatch(/overflows its frame/);
  });

  it('exports every issue in parallel, reports the broken one and says so in its exit code', () => {
    const out = join(tree, 'out');
    const r = paiban('export', tree, '-o', out, '--jobs', '2');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^3 built \(3 pages in [\d.]+ s\), 0 up to date, 1 failed$/m);
    // Not a terminal: plain log lines, one per issue, and the broken issue's error.
    expect(r.stderr).toMatch(/^built {3}2024\/02-20\/02-20 {2}1 page {2}\d+ ms$/m);
    expect(r.stderr).toMatch(/^failed {2}2024\/broken\/broken$/m);
    expect(r.stderr).toMatch(/unknown field "headlin"/);
    expect(r.stderr).toMatch(/pages\/s/);

    const m = manifest(join(out, 'manifest.json'));
    expect(m.issues.map((i) => [i.key, i.status])).toEqual([
      ['2024/02-20/02-20', 'built'],
      ['2024/02-21/02-21', 'built'],
      ['2024/broken/broken', 'failed'],
      ['2024/extra/2024-02-22', 'built'],
    ]);
    expect(m.issues[1].files).toEqual(['2024/02-21/02-21.pdf', '2024/02-21/02-21-p003.alto.xml']);
    expect(m.files).toHaveLength(6);
    for (const f of m.files) {
      const data = readFileSync(join(out, f.path));
      expect(f.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      expect(f.bytes).toBe(data.length);
    }
    const alto = m.files.filter((f) => f.path.endsWith('.alto.xml')).map((f) => join(out, f.path));
    expect(alto).toHaveLength(3);
    expect(altoSchemaErrors(alto)).toBe('');
  }, 120_000);

  it('resumes: skips every issue when nothing changed, however old its outputs or new its files’ times', () => {
    const out = join(tree, 'out');
    const first = manifest(join(out, 'manifest.json'));
    // Times alone are no change: an issue file touched after its outputs were made is still up to date.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(tree, '2024/02-21/issue.yaml'), later, later);
    const r = paiban('export', tree, '-o', out);
    expect(r.stdout).toMatch(/^0 built \(0 pages in [\d.]+ s\), 3 up to date, 1 failed$/m);
    const m = manifest(join(out, 'manifest.json'));
    expect(m.issues.map((i) => i.status)).toEqual(['skipped', 'skipped', 'failed', 'skipped']);
    // Skipped issues keep their files, listed with the same hashes, and the fingerprint of the inputs they were made from.
    expect(m.files).toEqual(first.files);
    expect(m.issues.map((i) => i.fingerprint)).toEqual(first.issues.map((i) => i.fingerprint));
    expect(m.issues.map((i) => i.fingerprint === null)).toEqual([false, false, true, false]);
  }, 120_000);

  describe('resume, on a change to any input of an issue', () => {
    // Two issues: `own` on a layout of its own (one font, copied beside it), with its copy and a photo in files; `other` on the shipped tabloid.
    let dir: string;
    let out: string;
    const run = () => {
      const r = paiban('export', dir, '-o', out);
      expect(r.stderr).not.toMatch(/^failed/m);
      return Object.fromEntries(manifest(join(out, 'manifest.json')).issues.map((i) => [i.key, i.status]));
    };
    beforeAll(() => {
      dir = issueDir({});
      out = join(dir, 'out');
      const layout = readFileSync(join(ROOT, 'layouts/tabloid.yaml'), 'utf8').replace(/file: \.\.\/fonts\/[\w-]+\.(otf|ttf)/g, 'file: body.otf');
      mkdirSync(join(dir, 'own'));
      mkdirSync(join(dir, 'other'));
      writeFileSync(join(dir, 'own/layout.yaml'), layout);
      copyFileSync(join(ROOT, 'fonts/NotoSansCJKsc-Medium.otf'), join(dir, 'own/body.otf'));
      writeFileSync(join(dir, 'own/story.md'), '第一段正文，用来检验排版。\n');
      // Its photo is not there yet: the slot shows a placeholder until it arrives.
      const photo = 'photos:\n          - file: photo.jpg\n            columns: 2\n            lines: 8\n';
      writeFileSync(join(dir, 'own/issue.yaml'), SMALL_ISSUE.replace('layout: tabloid', 'layout: layout.yaml').replace(/body: \|[\s\S]*$/, `body_file: story.md\n        ${photo}`));
      writeFileSync(join(dir, 'other/issue.yaml'), SMALL_ISSUE);
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'built' });
    }, 120_000);

    it('skips both when nothing changed', () => {
      expect(run()).toEqual({ 'own/own': 'skipped', 'other/other': 'skipped' });
    }, 60_000);

    it('exports again the issue whose copy file changed', () => {
      writeFileSync(join(dir, 'own/story.md'), '第一段正文，用来检验排版，改过。\n');
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'skipped' });
    }, 60_000);

    it('exports again the issue whose photo arrived', async () => {
      await sharp({ create: { width: 400, height: 300, channels: 3, background: '#888' } }).jpeg().toFile(join(dir, 'own/photo.jpg'));
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'skipped' });
    }, 60_000);

    it('exports again the issue whose layout changed', () => {
      const file = join(dir, 'own/layout.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('rule: 0.75', 'rule: 0.5'));
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'skipped' });
    }, 60_000);

    it('exports again the issue whose font was touched', () => {
      const later = new Date(Date.now() + 120_000);
      utimesSync(join(dir, 'own/body.otf'), later, later);
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'skipped' });
      expect(run()).toEqual({ 'own/own': 'skipped', 'other/other': 'skipped' });
    }, 60_000);

    it('exports again an issue whose outputs or record of inputs are missing', () => {
      rmSync(join(out, 'other/other-p001.alto.xml'));
      rmSync(join(out, 'own/own.inputs.json'));
      expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'built' });
    }, 60_000);

    it('exports both again when the date builds are fixed to (SOURCE_DATE_EPOCH) changes', () => {
      process.env.SOURCE_DATE_EPOCH = '1700000000';
      try {
        expect(run()).toEqual({ 'own/own': 'built', 'other/other': 'built' });
        expect(run()).toEqual({ 'own/own': 'skipped', 'other/other': 'skipped' });
      } finally {
        delete process.env.SOURCE_DATE_EPOCH;
      }
    }, 60_000);
  });

  it('splits the work into shards that together cover every issue once', () => {
    const out = join(tree, 'sharded');
    const shards = [0, 1, 2].map((k) => {
      paiban('export', tree, '-o', out, '--shard', `${k}/3`);
      return manifest(join(out, `manifest-${k}-of-3.json`));
    });
    expect(shards.map((m) => m.shard)).toEqual(['0/3', '1/3', '2/3']);
    const keys = shards.flatMap((m) => m.issues.map((i) => i.key)).sort();
    expect(keys).toEqual(['2024/02-20/02-20', '2024/02-21/02-21', '2024/broken/broken', '2024/extra/2024-02-22']);
  }, 120_000);

  it('assigns a shard from the issue alone, the same on every machine', () => {
    expect(parseShard('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShard('8/8')).toBeUndefined();
    expect(parseShard('x')).toBeUndefined();
    const keys = Array.from({ length: 400 }, (_, i) => `paper/${i}/issue`);
    const counts = [0, 1, 2, 3].map((k) => keys.filter((key) => inShard(key, { index: k, count: 4 })).length);
    expect(counts.reduce((a, b) => a + b)).toBe(400);
    expect(Math.min(...counts)).toBeGreaterThan(60);
  });

  it('needs an output folder and well-formed options', () => {
    expect(paiban('export', tree).code).toBe(2);
    expect(paiban('export', tree, '-o', join(tree, 'x'), '--shard', '3/3').stderr).toMatch(/--shard needs K\/N/);
    expect(paiban('export', join(tree, 'missing'), '-o', join(tree, 'x')).stderr).toMatch(/missing: error: no such file or folder/);
    // Thrown by the export module, which the bundled command line loads from dist/ when asked: still one line, not an internal error.
    const aFile = join(issueDir({ 'a-file': 'x' }), 'a-file');
    const toFile = paiban('export', tree, '-o', aFile);
    expect(toFile.stderr.trim()).toMatch(/^\S*a-file: error: cannot write manifest\.json: \S*a-file is a file, not a folder$/);
    expect(toFile.code).toBe(1);
    const device = paiban('export', '/dev/null', '-o', join(tree, 'x'));
    expect(device.stderr).toMatch(/^\/dev\/null: error: is neither a regular file nor a folder/m);
    expect(device.code).toBe(1);
  }, 60_000);
});
