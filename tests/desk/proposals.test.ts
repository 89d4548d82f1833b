/**
 * plan's proposals on the desk: a page with articles placed automatically shows them, and a
 * proposal is written into the issue file through the desk's checked POST (Host, Origin, stamp),
 * as an undoable step.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { watchIssue, type BuildState, type Watch } from '../../src/preview/watch.js';
import { launchChromium } from '../helpers/browser.js';
import { issueDir } from '../helpers/issue-dir.js';
import { rawRequest } from '../helpers/raw-http.js';

const ISSUE = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    articles:
      # the lead
      - id: lead
        headline: 大桥合龙
        body: |
          ${'大桥今天合龙，两岸居民从此往来只需五分钟。'.repeat(12)}
      - id: second
        headline: 新街开市
        body: |
          ${'老街改造完成，商户陆续回迁开业。'.repeat(6)}
`;

let dir: string;
let file: string;
let session: Watch;
let port: number;
let host: string;
const states: BuildState[] = [];

beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': ISSUE });
  file = join(dir, 'issue.yaml');
  session = await watchIssue(file, { port: 0, onBuild: (s) => states.push(s) });
  port = Number(new URL(session.url).port);
  host = `127.0.0.1:${port}`;
}, 60_000);

afterAll(async () => {
  await session?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (target: string, body: string, h = host, extra = '') =>
  `POST ${target} HTTP/1.1\r\nHost: ${h}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
const choose = (stamp: string, proposal = 1, page = 0) => JSON.stringify({ stamp, page, proposal });

/** Waits for the build after `version`. */
async function buildAfter(version: number): Promise<BuildState> {
  await expect.poll(() => states.at(-1)!.version, { timeout: 30_000, interval: 50 }).toBeGreaterThan(version);
  return states.at(-1)!;
}

describe("plan's proposals on the desk", () => {
  it('are shown for a page with articles placed automatically, best first, as plan prints them, with the stamp of the file they were made on', () => {
    const state = session.state;
    expect(state.ok).toBe(true);
    const made = state.proposals.find((p) => p.page === 0)!;
    expect(made.stamp).toBe(state.stamp);
    expect(made.proposals.length).toBeGreaterThan(0);
    expect(made.proposals[0].text).toMatch(/^proposal 1 {2}score [\d.]+ {2}unused /);
    expect(made.proposals[0].text).toMatch(/\n {2}lead +c\d-\d+ l\d+-\d+/);
    expect(made.proposals.map((p) => p.score)).toEqual([...made.proposals.map((p) => p.score)].sort((a, b) => a - b));
  });

  it('are refused from another Host or Origin, on a stamp not the file\'s, and for a proposal or page that is not there', async () => {
    const stamp = session.state.stamp;
    expect((await rawRequest(port, post('/plan', choose(stamp), `evil.example:${port}`))).status).toBe(403);
    expect((await rawRequest(port, post('/plan', choose(stamp), host, 'Origin: http://evil.example\r\n'))).status).toBe(403);
    expect((await rawRequest(port, post('/plan', choose('0000000000000000')))).status).toBe(409);
    const bad = await rawRequest(port, post('/plan', JSON.stringify({ stamp, page: 0, proposal: 0 })));
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/proposal: the number of a proposal, from 1/);
    const none = await rawRequest(port, post('/plan', choose(stamp, 99)));
    expect(none.status).toBe(422);
    expect(none.text).toMatch(/page 1 has \d proposals/);
    expect((await rawRequest(port, post('/plan', choose(stamp, 1, 5)))).text).toMatch(/plan proposes nothing for page 6/);
    expect(readFileSync(file, 'utf8')).toBe(ISSUE);
  });

  it('writes the chosen proposal\'s frames into the issue file, keeping its comment, builds it with no overset, and undoes it', { timeout: 60_000 }, async () => {
    const before = session.state;
    const made = before.proposals.find((p) => p.page === 0)!;
    const r = await rawRequest(port, post('/plan', choose(made.stamp)));
    expect(r.status, r.text).toBe(200);
    const written = readFileSync(file, 'utf8');
    // (A headline given a second line, where the page came out short, is written as its elastic.)
    expect(written).toMatch(/ {6}# the lead\n {6}- id: lead\n( {8}elastic: .*\n)? {8}frame: \{ columns: \[\d+, \d+\], lines: \[\d+, \d+\] \}\n/);
    expect(written).toMatch(/ {6}- id: second\n( {8}elastic: .*\n)? {8}frame: \{ columns: \[\d+, \d+\], lines: \[\d+, \d+\] \}\n/);
    const after = await buildAfter(before.version);
    expect(after.ok, after.diagnostics.map((d) => d.text).join('\n')).toBe(true);
    expect(after.pages[0].articles.every((a) => !a.overset)).toBe(true);
    // The frames as the proposal set them, now written: each article's first rectangle movable on the desk.
    expect(after.pages[0].articles.every((a) => a.frames[0].rectIndex === 0)).toBe(true);
    // Written, the page has no article without a frame: plan proposes nothing for it any more.
    expect(after.proposals.find((p) => p.page === 0)).toBeUndefined();
    const undone = await rawRequest(port, post('/undo', '{}'));
    expect(undone.status).toBe(200);
    expect(readFileSync(file, 'utf8')).toBe(ISSUE);
  });
});

describe("the desk's proposals panel", () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the proposals and writes the one whose button is pressed', { timeout: 120_000 }, async () => {
    expect(readFileSync(file, 'utf8')).toBe(ISSUE);
    const version = session.state.version;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(session.url);
    const rows = page.locator('#proposals .proposal');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(session.state.proposals[0].proposals.length);
    expect(await rows.first().textContent()).toMatch(/^proposal 1 {2}score /);
    await page.locator('#proposals button[data-proposal="1"]').click();
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toMatch(/- id: second\n( {8}elastic: .*\n)? {8}frame: /);
    await buildAfter(version);
    expect((await rawRequest(port, post('/undo', '{}'))).status).toBe(200);
  });
});

