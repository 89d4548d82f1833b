/**
 * Stopping `paiban watch` as a terminal or a process manager does: the real command line in a
 * child process, with a client holding a half-sent request. SIGTERM or Ctrl-C ends it at once,
 * cutting the connection and removing its temporary folder; a second signal does not wait.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { get, rawRequest } from '../helpers/raw-http.js';
import { spawnWatch, type WatchChild } from '../helpers/watch-child.js';

const dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
const started: WatchChild[] = [];

afterAll(() => {
  for (const w of started) {
    w.child.kill('SIGKILL');
    rmSync(w.tmp, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
});

async function watching(): Promise<WatchChild> {
  const w = await spawnWatch(join(dir, 'issue.yaml'));
  started.push(w);
  expect(readdirSync(w.tmp)).toEqual([expect.stringMatching(/^paiban-watch-/)]);
  return w;
}

// One at a time: each starts a watch process of its own, and several at once on a busy machine only wait on each other.
describe('stopping paiban watch', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s during a half-sent request ends it within a second and removes its temporary folder', async (signal) => {
    const w = await watching();
    // A client that sends half a request and waits.
    // Held open, the request would keep the server waiting for the rest of it far longer than this test runs.
    const half = rawRequest(w.port, `GET /state HTTP/1.1\r\nHost: 127.0.0.1:${w.port}\r\nX-Slow: `, { timeoutMs: 120_000 });
    await new Promise((r) => setTimeout(r, 200));
    w.child.kill(signal);
    const { code } = await w.exited;
    expect(code).toBe(0);
    // The server cut the connection: it did not wait for the client to finish or give up.
    expect((await half).endedBy).toBe('server');
    expect(readdirSync(w.tmp)).toEqual([]);
    expect(w.stderr()).not.toMatch(/^\s+at /m);
  }, 90_000);

  it('a second signal ends it at once, still removing its temporary folder', async () => {
    const w = await watching();
    // An open event stream, then two signals in a row: the second does not wait for the first to finish.
    const events = rawRequest(w.port, get('/events', `127.0.0.1:${w.port}`), { timeoutMs: 30_000, idleMs: 30_000 });
    w.child.kill('SIGINT');
    w.child.kill('SIGINT');
    const { code } = await w.exited;
    expect([0, 130]).toContain(code);
    expect(readdirSync(w.tmp)).toEqual([]);
    expect((await events).endedBy).toBe('server');
  }, 90_000);

  it('one request with a bad target does not end it', async () => {
    const w = await watching();
    for (const target of ['//', 'http://[::1', 'http://user:pw@[fe80::1%25eth0]:99999/']) {
      expect((await rawRequest(w.port, get(target, `127.0.0.1:${w.port}`))).status, target).toBe(400);
    }
    expect((await rawRequest(w.port, get('/state', `127.0.0.1:${w.port}`))).status).toBe(200);
    expect(w.child.exitCode).toBe(null);
    w.child.kill('SIGTERM');
    expect((await w.exited).code).toBe(0);
    expect(readdirSync(w.tmp)).toEqual([]);
  }, 90_000);
});
