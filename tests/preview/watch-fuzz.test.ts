/**
 * Fuzzing the watch server's request parsing: the real command line in a child process gets a
 * barrage of random requests over raw TCP (random request lines, targets and headers, malformed
 * bytes, huge headers, requests cut short), from a fixed seed. It must never end, must answer
 * 200 only to a request addressed to it by name, and must still answer /state afterwards.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';
import { get, rawRequest } from '../helpers/raw-http.js';
import { spawnWatch, type WatchChild } from '../helpers/watch-child.js';

const SEED = 20_241_018;
const COUNT = 300;
/** Requests in flight at once. */
const PARALLEL = 12;

type Kind = 'request line and headers' | 'malformed bytes' | 'huge headers' | 'huge target' | 'half-sent, closed early' | 'bad framing';
interface Sample {
  kind: Kind;
  bytes: Buffer;
  closeEarly: boolean;
}

/** Placeholder for the port, filled in once the server is up. */
const P = '\u0000PORT\u0000';

// Mostly well-formed parts, so that many requests get past the parser to the server's own checks.
const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PRI', 'get', 'G\u00e9T', ''), weight: 4 },
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
);
const target = fc.oneof(
  { arbitrary: fc.constantFrom('//', 'http://[::1', 'http://user:pw@[fe80::1%25eth0]:99999/', '*', '/', '/state', '/events', '/page/0.jpg', '/page/-1.jpg', '/page/1e9.jpg',
    '/%', '/%00', '/..%2f..%2fetc/passwd', '/state?%E0%A4%A', '/state#frag', 'state', '', ' ', '/\u00ff', '/\u4e2d\u6587'), weight: 3 },
  fc.webPath(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }).map((s) => `/${s}`),
);
const version = fc.oneof({ arbitrary: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.1x', 'http/1.1', 'HTTP/1.', ''), weight: 4 }, fc.string({ unit: 'binary-ascii', maxLength: 10 }));
const host = fc.constantFrom(`127.0.0.1:${P}`, `localhost:${P}`, `evil.example:${P}`, '127.0.0.1', `[::1]:${P}`, '', `127.0.0.1:${P}, evil.example`, undefined);
const headerName = fc.oneof(
  { arbitrary: fc.constantFrom('Origin', 'Connection', 'Expect', 'Upgrade', 'Cookie', 'Range', 'If-None-Match', 'X-Forwarded-Host', 'Accept', 'User-Agent'), weight: 6 },
  fc.constantFrom('Host', 'Content-Length', 'Transfer-Encoding'),
  fc.string({ unit: 'binary-ascii', maxLength: 20 }),
);
const headerValue = fc.oneof(
  { arbitrary: fc.constantFrom('chunked', 'gzip, chunked', '-1', '0', '5', '99999999999999999999', 'close', 'keep-alive', '100-continue', 'h2c', 'websocket', 'http://evil.example', 'null', 'bytes=0-0'), weight: 3 },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const headers = fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 });
const lineEnd = fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r');

const head = (m: string, t: string, v: string, h: string | undefined, hs: [string, string][], eol = '\r\n') =>
  `${m} ${t} ${v}${eol}${h === undefined ? '' : `Host: ${h}${eol}`}${hs.map(([n, x]) => `${n}: ${x}${eol}`).join('')}${eol}`;

const sample: fc.Arbitrary<Omit<Sample, 'bytes'> & { text: string | Buffer }> = fc.oneof(
  fc.record({ m: method, t: target, v: version, h: host, hs: headers, eol: lineEnd }).map(({ m, t, v, h, hs, eol }) => ({
    kind: 'request line and headers' as const, text: head(m, t, v, h, hs, eol), closeEarly: false,
  })),
  fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 2048 })).map(([prefixed, bytes]) => ({
    kind: 'malformed bytes' as const,
    text: Buffer.concat([Buffer.from(prefixed ? 'GET / HTTP/1.1\r\n' : ''), bytes, Buffer.from('\r\n\r\n')]),
    closeEarly: false,
  })),
  fc.tuple(fc.integer({ min: 8 * 1024, max: 96 * 1024 }), fc.integer({ min: 1, max: 400 }), fc.boolean()).map(([size, count, one]) => ({
    kind: 'huge headers' as const,
    text: one
      ? head('GET', '/state', 'HTTP/1.1', `127.0.0.1:${P}`, [['X-Big', 'a'.repeat(size)]])
      : head('GET', '/state', 'HTTP/1.1', `127.0.0.1:${P}`, Array.from({ length: count }, (_, i) => [`X-H${i}`, 'b'.repeat(Math.ceil(size / count))])),
    closeEarly: false,
  })),
  fc.integer({ min: 4 * 1024, max: 128 * 1024 }).map((size) => ({
    kind: 'huge target' as const, text: head('GET', `/${'x'.repeat(size)}`, 'HTTP/1.1', `127.0.0.1:${P}`, []), closeEarly: false,
  })),
  fc.record({ m: method, t: target, v: version, h: host, hs: headers, cut: fc.double({ min: 0, max: 0.999, noNaN: true }) }).map(({ m, t, v, h, hs, cut }) => {
    const whole = head(m, t, v, h, hs);
    return { kind: 'half-sent, closed early' as const, text: whole.slice(0, Math.floor(whole.length * cut)), closeEarly: true };
  }),
  fc.record({ te: fc.constantFrom('chunked', 'chunked, identity', ' chunked', 'identity'), cl: fc.constantFrom('5', '-1', '1,2', 'abc', '0x10', undefined), body: fc.string({ unit: 'binary', maxLength: 100 }) }).map(
    ({ te, cl, body }) => ({
      kind: 'bad framing' as const,
      text: head('POST', '/state', 'HTTP/1.1', `127.0.0.1:${P}`, [['Transfer-Encoding', te], ...(cl === undefined ? [] : [['Content-Length', cl] as [string, string]])]) + body,
      closeEarly: false,
    }),
  ),
);

let dir: string;
let w: WatchChild;

beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': SMALL_ISSUE });
  w = await spawnWatch(join(dir, 'issue.yaml'));
}, 60_000);

afterAll(async () => {
  if (w && w.child.exitCode === null) {
    w.child.kill('SIGTERM');
    await w.exited;
  }
  if (w) rmSync(w.tmp, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('the watch server under random requests', () => {
  it(`survives ${COUNT} of them (seed ${SEED}) and still answers /state`, async () => {
    const port = String(w.port);
    const samples: Sample[] = fc.sample(sample, { seed: SEED, numRuns: COUNT }).map((s) => {
      const bytes = typeof s.text === 'string' ? Buffer.from(s.text.replaceAll(P, port), 'utf8') : s.text;
      return { kind: s.kind, bytes, closeEarly: s.closeEarly };
    });
    const kinds = new Map<string, number>();
    const statuses = new Map<string, number>();
    for (let i = 0; i < samples.length; i += PARALLEL) {
      const batch = samples.slice(i, i + PARALLEL);
      const answers = await Promise.all(batch.map((s) => rawRequest(w.port, s.bytes, { timeoutMs: 600, idleMs: 60, closeEarly: s.closeEarly })));
      for (const [j, a] of answers.entries()) {
        const s = batch[j];
        kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
        statuses.set(String(a.status ?? 'none'), (statuses.get(String(a.status ?? 'none')) ?? 0) + 1);
        // Answered with 200 only when addressed by name: never to another Host.
        if (a.status === 200) {
          const sent = s.bytes.toString('latin1');
          expect(sent, 'answered 200').toMatch(new RegExp(`^host: (127\\.0\\.0\\.1|localhost):${port}\\r?$`, 'im'));
          expect(sent).not.toMatch(new RegExp(`^host: (?!(127\\.0\\.0\\.1|localhost):${port}\\r?$)`, 'im'));
        }
      }
      expect(w.child.exitCode, `ended after request ${i}–${i + batch.length - 1}: ${w.stderr()}`).toBe(null);
    }
    console.log(`watch fuzz: ${samples.length} requests (seed ${SEED}); kinds ${JSON.stringify(Object.fromEntries(kinds))}; answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(samples).toHaveLength(COUNT);
    expect(kinds.size).toBe(6);

    const state = await rawRequest(w.port, get('/state', `127.0.0.1:${port}`));
    expect(state.status).toBe(200);
    expect(state.text).toMatch(/"ok":true/);
    expect(state.text).toMatch(/"version":1\b/);
    expect(w.child.exitCode).toBe(null);
    expect(w.stderr()).not.toMatch(/internal error|^\s+at /m);
  }, 120_000);
});
