import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCompiled, ROOT } from './compiled.js';

export interface WatchChild {
  child: ChildProcess;
  port: number;
  /** The TMPDIR given to the child: its temporary folder is made in here. */
  tmp: string;
  stderr: () => string;
  /** Resolves with the exit code (or signal) when the child ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs the real command line, `node bin/paiban.js watch ISSUE --port 0`, until it says where it serves. */
export async function spawnWatch(issueFile: string): Promise<WatchChild> {
  ensureCompiled();
  const tmp = mkdtempSync(join(tmpdir(), 'paiban-watch-child-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin/paiban.js'), 'watch', issueFile, '--port', '0'], {
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /open http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) ok(Number(m[1]));
    });
    void exited.then(({ code }) => fail(new Error(`paiban watch exited (${code}) before serving: ${err}`)));
  });
  return { child, port, tmp, stderr: () => err, exited };
}
