/**
 * The archive and its manifest under the faults a long-lived archive meets: pages removed, an
 * issue that starts failing, outputs damaged, a run killed part-way, issues that never end,
 * YAML that is not an issue, names XML cannot hold. The manifest must list exactly the files
 * present, with their hashes, whenever it is read.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { altoSchemaErrors } from './alto-schema.js';
import { mostWorkers } from '../../src/archive/export.js';

const ROOT = join(import.meta.dirname, '../..');

function paiban(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/paiban.js'), ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Manifest {
  issues: { key: string; status: string; files: string[]; errors: string[]; warnings: string[] }[];
  files: { path: string; sha256: string; bytes: number }[];
}
const manifestOf = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;

/** The PDF and ALTO files under the output folder (the manifest and the records of inputs aside). */
function outputsPresent(out: string): string[] {
  return (readdirSync(out, { recursive: true }) as string[])
    .filter((f) => statSync(join(out, f)).isFile() && !/^manifest.*\.json$/.test(f) && !f.endsWith('.inputs.json'))
    .sort();
}

/** The manifest lists exactly the outputs present, each with its true hash and size. */
function expectManifestTrue(out: string): Manifest {
  const m = manifestOf(out);
  expect(m.files.map((f) => f.path).sort()).toEqual(outputsPresent(out));
  for (const f of m.files) {
    const data = readFileSync(join(out, f.path));
    expect({ path: f.path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length }).toEqual(f);
  }
  return m;
}

const twoPages = SMALL_ISSUE.replace('pages:\n', 'pages:\n  - number: 2\n    articles:\n      - id: second\n        headline: 第二版\n        body: 第二版的正文。\n');

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

describe('the manifest describes exactly the files present', () => {
  it('after a page is removed, after an issue starts failing, and after a PDF is truncated', () => {
    const tree = issueDir({});
    mkdirSync(join(tree, 'a'));
    mkdirSync(join(tree, 'b'));
    writeFileSync(join(tree, 'a/issue.yaml'), twoPages);
    writeFileSync(join(tree, 'b/issue.yaml'), SMALL_ISSUE);
    const out = join(tree, 'out');
    expect(paiban('export', tree, '-o', out).code).toBe(0);
    expect(outputsPresent(out)).toEqual(['a/a-p001.alto.xml', 'a/a-p002.alto.xml', 'a/a.pdf', 'b/b-p001.alto.xml', 'b/b.pdf']);
    expectManifestTrue(out);

    // Page 2 removed: its ALTO file goes with it.
    writeFileSync(join(tree, 'a/issue.yaml'), SMALL_ISSUE);
    expect(paiban('export', tree, '-o', out).code).toBe(0);
    expect(outputsPresent(out)).toEqual(['a/a-p001.alto.xml', 'a/a.pdf', 'b/b-p001.alto.xml', 'b/b.pdf']);
    expectManifestTrue(out);

    // b starts failing: its earlier PDF and ALTO do not stay beside the manifest.
    writeFileSync(join(tree, 'b/issue.yaml'), SMALL_ISSUE.replace('headline:', 'headlin:'));
    expect(paiban('export', tree, '-o', out).code).toBe(1);
    expect(outputsPresent(out)).toEqual(['a/a-p001.alto.xml', 'a/a.pdf']);
    expect(expectManifestTrue(out).issues.map((i) => [i.key, i.status])).toEqual([['a/a', 'skipped'], ['b/b', 'failed']]);

    // a's PDF truncated to nothing: not up to date, exported again.
    truncateSync(join(out, 'a/a.pdf'), 0);
    expect(paiban('export', tree, '-o', out).code).toBe(1);
    expect(manifestOf(out).issues[0].status).toBe('built');
    expect(statSync(join(out, 'a/a.pdf')).size).toBeGreaterThan(1000);
    expectManifestTrue(out);

    // An issue removed from the tree: its files go, as the last manifest listed them.
    writeFileSync(join(tree, 'b/issue.yaml'), SMALL_ISSUE);
    paiban('export', tree, '-o', out);
    expect(outputsPresent(out)).toContain('b/b.pdf');
    rmSync(join(tree, 'b'), { recursive: true });
    expect(paiban('export', tree, '-o', out).code).toBe(0);
    expect(outputsPresent(out)).toEqual(['a/a-p001.alto.xml', 'a/a.pdf']);
    expectManifestTrue(out);
    // Its folder, left empty, goes with them.
    expect(existsSync(join(out, 'b'))).toBe(false);
    expect(existsSync(join(out, 'a'))).toBe(true);
  }, 180_000);

  it('after a re-export killed part-way: every file it lists has the hash it gives, and the next run makes it exact', async () => {
    const tree = issueDir({});
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const k of keys) {
      mkdirSync(join(tree, k));
      writeFileSync(join(tree, k, 'issue.yaml'), SMALL_ISSUE);
    }
    const out = join(tree, 'out');
    expect(paiban('export', tree, '-o', out, '--jobs', '1').code).toBe(0);
    // Every issue changed, then the re-export killed once it has exported one.
    for (const k of keys) writeFileSync(join(tree, k, 'issue.yaml'), SMALL_ISSUE.replace('测试标题', `改过的标题${k}`));
    const child = spawn(process.execPath, [join(ROOT, 'bin/paiban.js'), 'export', tree, '-o', out, '--jobs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((done) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (/^built /m.test(err)) done();
      });
      child.on('exit', () => done());
    });
    child.kill('SIGKILL');
    await new Promise((done) => child.on('exit', done));
    const m = manifestOf(out);
    expect(m.issues.some((i) => i.status === 'pending')).toBe(true);
    for (const f of m.files) expect(createHash('sha256').update(readFileSync(join(out, f.path))).digest('hex')).toBe(f.sha256);

    expect(paiban('export', tree, '-o', out, '--jobs', '1').code).toBe(0);
    expect(expectManifestTrue(out).issues.every((i) => i.status !== 'pending')).toBe(true);
    expect(readdirSync(out, { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
  }, 180_000);
});

describe('what export reads', () => {
  it('passes over large YAML that is not an issue without parsing it, and refuses an issue over 4 MiB by its size', () => {
    const tree = issueDir({});
    mkdirSync(join(tree, 'data'));
    writeFileSync(join(tree, 'data/table.yaml'), `rows:\n${'  - [1, 2, 3]\n'.repeat(500_000)}`);
    writeFileSync(join(tree, 'huge.yaml'), `${SMALL_ISSUE}# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    writeFileSync(join(tree, 'small.yaml'), SMALL_ISSUE);
    const out = join(tree, 'out');
    const r = paiban('export', tree, '-o', out);
    expect(r.code).toBe(1);
    const m = manifestOf(out);
    expect(m.issues.map((i) => [i.key, i.status])).toEqual([['huge', 'failed'], ['small', 'built']]);
    expect(m.issues[0].errors).toEqual([`issue file is ${Buffer.byteLength(SMALL_ISSUE) + 5 * 1024 * 1024 + 3} bytes, more than the limit of 4194304`]);
  }, 60_000);

  it('reports a FIFO among the issues and a name with a control character, and exports the rest', () => {
    const tree = issueDir({});
    for (const k of ['good', 'bad\u0001name']) {
      mkdirSync(join(tree, k));
      writeFileSync(join(tree, k, 'issue.yaml'), SMALL_ISSUE);
    }
    mkdirSync(join(tree, 'pipe'));
    spawnSync('mkfifo', [join(tree, 'pipe/issue.yaml')]);
    const out = join(tree, 'out');
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/paiban.js'), 'export', tree, '-o', out], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${tree}/pipe/issue.yaml: error: is a FIFO (named pipe), not a regular file; passed over`);
    expect(r.stderr).toContain(`${tree}/bad\\u0001name/issue.yaml: error: its path holds the control character U+0001, which an archive's file names and ALTO files cannot hold; rename it`);
    expect(manifestOf(out).issues.map((i) => [i.key, i.status])).toEqual([['good/good', 'built']]);
    expect(altoSchemaErrors([join(out, 'good/good-p001.alto.xml')])).toBe('');
  }, 60_000);

  it('exports an issue whose photo is damaged, its slot a placeholder, rather than failing it', async () => {
    const tree = issueDir({});
    const data = Buffer.alloc(1600 * 1200 * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
    const png = await sharp(data, { raw: { width: 1600, height: 1200, channels: 3 } }).png().toBuffer();
    const idat = png.indexOf(Buffer.from('IDAT'));
    png[idat + 4 + png.readUInt32BE(idat - 4)] ^= 0xff; // a bad checksum
    writeFileSync(join(tree, 'photo.png'), png);
    writeFileSync(join(tree, 'issue.yaml'), SMALL_ISSUE.replace('        body: |', '        frame: { columns: [1, 6], lines: [1, 40] }\n        photos: [{ file: photo.png, columns: 2, lines: 10 }]\n        body: |'));
    const out = join(tree, 'out');
    const r = paiban('export', tree, '-o', out);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(manifestOf(out).issues[0].status).toBe('built');
    // Said as build says it, and kept in the manifest, also when the issue is next skipped as up to date.
    const placeholder = /photo photo\.png cannot be read as an image .*; the slot shows a placeholder/;
    expect(r.stderr).toMatch(new RegExp(`^  \\S+issue\\.yaml:\\d+:\\d+: warning: ${placeholder.source}`, 'm'));
    expect(manifestOf(out).issues[0].warnings).toContainEqual(expect.stringMatching(placeholder));
    expect(paiban('export', tree, '-o', out).code).toBe(0);
    const skipped = manifestOf(out).issues[0];
    expect(skipped.status).toBe('skipped');
    expect(skipped.warnings).toContainEqual(expect.stringMatching(placeholder));
  }, 60_000);

  it('stops an issue at its time limit and goes on, the manifest written', () => {
    const tree = issueDir({});
    writeFileSync(join(tree, 'issue.yaml'), SMALL_ISSUE);
    const out = join(tree, 'out');
    const r = paiban('export', tree, '-o', out, '--time-limit', '0.001');
    expect(r.code).toBe(1);
    const [issue] = manifestOf(out).issues;
    expect(issue.status).toBe('failed');
    expect(issue.errors).toEqual(['stopped after 1 ms, the time limit of an issue']);
    expect(outputsPresent(out)).toEqual([]);
  }, 60_000);
});

describe('how many workers export starts', () => {
  it('never more than four per core, nor more than the memory holds, and at least one', () => {
    const GiB = 1024 ** 3;
    expect(mostWorkers(2, 24 * GiB)).toBe(8);
    expect(mostWorkers(64, 4 * GiB)).toBe(8);
    expect(mostWorkers(1, 0.25 * GiB)).toBe(1);
  });

  it('lowers a --jobs far beyond the machine, says so, and exports', () => {
    const tree = issueDir({});
    writeFileSync(join(tree, 'issue.yaml'), SMALL_ISSUE);
    const out = join(tree, 'out');
    const r = paiban('export', tree, '-o', out, '--jobs', '1000000000');
    expect(r.stderr).toMatch(/^--jobs 1000000000: using \d+ workers, the most this machine's cores and memory serve$/m);
    expect(r.code).toBe(0);
    expect(manifestOf(out).issues[0].status).toBe('built');
  }, 60_000);
});

/** A small file system of its own, where a disk can be filled: needs the right to mount (root in a container that allows it). */
function smallDisk(): string | undefined {
  const dir = issueDir({});
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk]).status === 0 ? disk : undefined;
}
const disk = smallDisk();

describe.skipIf(!disk)('a full disk', () => {
  afterAll(() => void spawnSync('umount', [disk!]));

  it('at every degree of fullness: a one-line error and exit 1, or the export done; the manifest exactly the files present', () => {
    const tree = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const seen = new Set<string>();
    for (let free = 4; free <= 256; free += 4) {
      rmSync(join(disk!, 'out'), { recursive: true, force: true });
      rmSync(join(disk!, 'fill'), { force: true });
      writeFileSync(join(disk!, 'fill'), Buffer.alloc((256 - free) * 1024));
      const r = paiban('export', tree, '-o', join(disk!, 'out'));
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      if (r.code === 0) break;
      expect(r.code).toBe(1);
      const why = /error: cannot write (\S+) into .*: the disk is full \(ENOSPC\)/.exec(r.stderr);
      expect(why).not.toBeNull();
      seen.add(why![1]);
      if (readdirSync(join(disk!, 'out')).includes('manifest.json')) expectManifestTrue(join(disk!, 'out'));
      else expect(outputsPresent(join(disk!, 'out'))).toEqual([]);
    }
    // The manifest itself was among the files the disk refused.
    expect(seen).toContain('manifest.json');
  }, 300_000);
});
