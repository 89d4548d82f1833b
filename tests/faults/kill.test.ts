/**
 * Runs killed outright (kill -9) while writing: the compiled command in a child process whose
 * rename is held, so that it is killed at the moment its temporary file exists. What it leaves
 * must never pass for a finished file, and the next run into the folder removes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/compiled.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

/**
 * A child running `paiban ARGS` whose renames of temporary files never happen: it prints the
 * temporary file's name and waits, to be killed.
 */
const HELD = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const rename = fs.renameSync;
fs.renameSync = (from, to) => {
  if (String(from).endsWith('.tmp')) {
    process.stdout.write('HELD ' + from + '\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  }
  return rename(from, to);
};
syncBuiltinESMExports();
const { main } = await import(${JSON.stringify(join(ROOT, 'dist/cli.js'))});
process.exitCode = await main(process.argv.slice(2));
`;

/** Starts `paiban ...args` held at its first rename, kills it with SIGKILL there, and returns the temporary file it left. */
async function killedWhileWriting(dir: string, args: string[]): Promise<string> {
  const script = join(dir, 'held.mjs');
  writeFileSync(script, HELD);
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const tmp = await new Promise<string>((done, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^HELD (.+)$/m.exec(out);
      if (m) done(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`the child ended (${code}) before writing: ${out}`)));
  });
  child.kill('SIGKILL');
  await new Promise((done) => child.on('exit', done));
  return tmp;
}

const paiban = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/paiban.js'), ...args], { encoding: 'utf8' });

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 120_000);

describe('kill -9 while writing', () => {
  it('build: leaves only a temporary file, which the next build into the folder removes', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const out = join(dir, 'out');
    const tmp = await killedWhileWriting(dir, ['build', join(dir, 'issue.yaml'), '-o', out]);
    expect(tmp).toMatch(/\.pdf\.\d+\.[0-9a-z]+\.tmp$/);
    expect(existsSync(tmp)).toBe(true);
    // Nothing under a final name.
    expect(readdirSync(out).filter((f) => !f.endsWith('.tmp'))).toEqual([]);

    const r = paiban('build', join(dir, 'issue.yaml'), '-o', out);
    expect(r.status).toBe(0);
    expect(existsSync(tmp)).toBe(false);
    expect(readdirSync(out).sort()).toEqual([`${dir.split('/').pop()}-01.pdf`]);
  }, 60_000);

  it('build: keeps the temporary files of a process that still runs', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const out = join(dir, 'out');
    paiban('build', join(dir, 'issue.yaml'), '-o', out);
    // This process runs: a file named with its id is another build's, under way.
    const live = join(out, `other.pdf.${process.pid}.abc123.tmp`);
    writeFileSync(live, 'partial');
    expect(paiban('build', join(dir, 'issue.yaml'), '-o', out).status).toBe(0);
    expect(existsSync(live)).toBe(true);
  }, 60_000);

  it('preview: a killed preview leaves no truncated PNG under its final name', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
    const out = join(dir, 'out');
    const built = paiban('build', join(dir, 'issue.yaml'), '-o', out, '--edition');
    expect(built.status).toBe(0);
    const pdf = join(out, `${dir.split('/').pop()}.pdf`);
    const tmp = await killedWhileWriting(dir, ['preview', pdf, '-o', join(dir, 'png')]);
    expect(tmp).toMatch(/\.png\.\d+\.[0-9a-z]+\.tmp$/);
    expect(readdirSync(join(dir, 'png')).filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(paiban('preview', pdf, '-o', join(dir, 'png')).status).toBe(0);
    expect(readdirSync(join(dir, 'png'))).toEqual([`${dir.split('/').pop()}-p1.png`]);
  }, 60_000);
});
