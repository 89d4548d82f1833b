/**
 * The watch server against hostile requests: malformed targets are a 400, never the end of the
 * process; only requests addressed to 127.0.0.1 or localhost with its port are answered (a page
 * reached by DNS rebinding gets 403); a half-sent request is cut off.
 */
import { rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
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

/** A POST of `body` to a desk action, as the desk sends it unless told otherwise. */
const post = (target: string, body: string, h = host, type = 'application/json', extra = '') =>
  `POST ${target} HTTP/1.1\r\nHost: ${h}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;

describe("the desk's actions", () => {
  const move = (stamp: string) => JSON.stringify({ stamp, target: { kind: 'frame', page: 0, article: 0, rect: 0 }, area: { columns: [1, 6], lines: [1, 10] } });

  it('are refused from another Host or Origin, whatever they ask', async () => {
    expect((await rawRequest(port, post('/move', move(session.state.stamp), `evil.example:${port}`))).status).toBe(403);
    expect((await rawRequest(port, post('/undo', '{}', host, 'application/json', 'Origin: http://evil.example\r\n'))).status).toBe(403);
  });

  it('take JSON only, of a bounded size, and say what is wrong with a malformed move', async () => {
    expect((await rawRequest(port, post('/move', move(session.state.stamp), host, 'text/plain'))).status).toBe(415);
    const large = await rawRequest(port, post('/move', JSON.stringify({ stamp: 'x'.repeat(10_000) })));
    expect(large.status).toBe(413);
    const bad = await rawRequest(port, post('/move', '{"stamp": "abc", "target": {"kind": "frame"}}'));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/target: \{ kind, page, article, rect \| photo \}/);
    expect((await rawRequest(port, post('/move', 'not json'))).status).toBe(400);
    expect((await rawRequest(port, get('/move', host))).status).toBe(405);
    expect(await stateAnswers()).toBe(true);
  });

  it('refuse a move made on a stamp that is not the file\'s (409)', async () => {
    const r = await rawRequest(port, post('/move', move('0000000000000000')));
    expect(r.status).toBe(409);
    expect(r.text).toMatch(/the issue file has changed since this page was built/);
  });

  it('refuse a move of a frame placed automatically, with the reason (422)', async () => {
    const r = await rawRequest(port, post('/move', move(session.state.stamp)));
    expect(r.status).toBe(422);
    expect(r.text).toMatch(/this rectangle of story's frame is not written on this page/);
    expect((await rawRequest(port, post('/undo', '{}'))).text).toMatch(/nothing to undo/);
  });
});

describe('event streams', () => {
  it('are at most 16 at once; one more is refused (503) until one closes', async () => {
    const open = await Promise.all(
      Array.from({ length: 16 }, () => new Promise<ClientRequest>((done) => {
        const req = request({ host: '127.0.0.1', port, path: '/events', headers: { host } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => done(req));
        });
        req.end();
      })),
    );
    expect((await rawRequest(port, get('/events', host))).status).toBe(503);
    open[0].destroy();
    await expect.poll(async () => (await rawRequest(port, get('/events', host), { idleMs: 200 })).status).toBe(200);
    for (const req of open) req.destroy();
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
