/**
 * The watch server against hostile requests: malformed targets are a 400, never the end of the
 * process; only requests addressed to 127.0.0.1 or localhost with its port are answered (a page
 * reached by DNS rebinding gets 403); a half-sent request is cut off.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchIssue, type Watch } from '../../src/preview/watch.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { get, rawRequest } from '../helpers/raw-http.js';

let dir: string;
let session: Watch;
let port: number;
let host: string;

beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
  session = await watchIssue(join(dir, 'issue.yaml'), { port: 0 });
  port = Number(new URL(session.url).port);
  host = `127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** /state as the watch page asks for it. */
async function stateAnswers(): Promise<boolean> {
  const r = await rawRequest(port, get('/state', host));
  return r.status === 200 && Number(/"version":(\d+)/.exec(r.text)?.[1]) >= 1;
}

describe('request targets that are no path', () => {
  it.each(['//', 'http://[::1', 'http://user:pw@[fe80::1%25eth0]:99999/', '//evil.example/state', 'http://127.0.0.1/state', '*', 'state'])(
    '%s is a bad request (400), and the server goes on serving',
    async (target) => {
      const r = await rawRequest(port, get(target, host));
      expect(r.status).toBe(400);
      expect(await stateAnswers()).toBe(true);
    },
  );

  it('answers the watch page, /state and a page image to a proper request', async () => {
    for (const [target, type] of [['/', 'text/html'], ['/state?x=1', 'application/json'], ['/page/0.jpg?v=1', 'image/jpeg']]) {
      const r = await rawRequest(port, get(target, host));
      expect(r.status, target).toBe(200);
      expect(r.text, target).toMatch(new RegExp(`content-type: ${type}`, 'i'));
    }
    expect((await rawRequest(port, get('/page/99999999999999999999.jpg', host))).status).toBe(404);
  });
});

describe('the Host a request names', () => {
  it.each([['evil.example:PORT'], ['127.0.0.1'], ['localhost'], ['127.0.0.1:1'], ['127.0.0.1.evil.example:PORT'], ['[::1]:PORT'], ['0.0.0.0:PORT'], ['']])(
    'Host %s gets 403 for /state and the page images',
    async (value) => {
      const h = value.replace('PORT', String(port));
      for (const target of ['/state', '/page/0.jpg', '/events', '/']) {
        const r = await rawRequest(port, get(target, h));
        expect(r.status, `${h} ${target}`).toBe(403);
        expect(r.text).not.toMatch(/"diagnostics"|JFIF/);
      }
    },
  );

  it('is refused when missing (HTTP/1.0) or given twice', async () => {
    expect((await rawRequest(port, 'GET /state HTTP/1.0\r\n\r\n')).status).toBe(403);
    expect((await rawRequest(port, get('/state', host, `Host: evil.example:${port}`))).status).not.toBe(200);
  });

  it('is accepted as 127.0.0.1:PORT or localhost:PORT, in any case', async () => {
    for (const h of [host, `localhost:${port}`, `LocalHost:${port}`]) expect((await rawRequest(port, get('/state', h))).status, h).toBe(200);
  });

  it('refuses another Origin, and methods other than GET and HEAD', async () => {
    expect((await rawRequest(port, get('/state', host, 'Origin: http://evil.example'))).status).toBe(403);
    expect((await rawRequest(port, get('/state', host, `Origin: http://127.0.0.1:${port}`))).status).toBe(200);
    const post = await rawRequest(port, `POST /state HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(post.status).toBe(405);
  });
});

describe.concurrent('a half-sent request', () => {
  it('is cut off (408) after the headers timeout instead of holding its socket', async () => {
    const r = await rawRequest(port, `GET /state HTTP/1.1\r\nHost: ${host}\r\n`, { timeoutMs: 60_000 });
    // The server answered 408 and closed: its timeout, not the client's, ended the request.
    expect(r.endedBy).toBe('server');
    expect(r.status).toBe(408);
    expect(await stateAnswers()).toBe(true);
  }, 90_000);

  it('is cut off when it sends nothing at all', async () => {
    const r = await rawRequest(port, [], { timeoutMs: 60_000 });
    expect(r.endedBy).toBe('server');
  }, 90_000);
});
