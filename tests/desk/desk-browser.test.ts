/**
 * The desk in headless Chromium (tests/helpers/browser.ts: the packaged browser, or
 * PAIBAN_CHROMIUM's), on a copy of the sample page: a frame's edge and a photo's corner are
 * dragged with the mouse, and the issue file changes by exactly those numbers, its comments
 * kept, and the page is drawn again with the new fit; a move over another story is refused at
 * the pointer; a diagnostic clicked shows its place on the page. With PAIBAN_SCREENSHOTS=1 the
 * desk is photographed into docs/ for the README.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskPage } from '../../src/desk/geometry.js';
import { watchIssue, type Watch } from '../../src/preview/watch.js';
import { launchChromium } from '../helpers/browser.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const screenshots = process.env.PAIBAN_SCREENSHOTS === '1';

let browser: Browser;
let session: Watch;
let issue: string;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  const dir = mkdtempSync(join(tmpdir(), 'paiban-desk-test-'));
  cpSync(sample, dir, { recursive: true });
  issue = join(dir, 'issue.yaml');
  session = await watchIssue(issue, { port: 0 });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(session.url);
  await page.waitForFunction(() => document.body.dataset.version === '1');
}, 90_000);

afterAll(async () => {
  await session?.close();
  await browser?.close();
});

/** The lines that differ between two texts of the same number of lines, as [before, after]. */
function changedLines(a: string, b: string): [string, string][] {
  const [x, y] = [a.split('\n'), b.split('\n')];
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [[line, y[i]] as [string, string]]));
}

/** The page on the desk as the browser has it. */
const deskPage = () => page.evaluate<DeskPage>('state.pages[0]');

/** Where a point of the page (points from the trim's top-left) is on the screen. */
async function onScreen(x: number, y: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('#overlay').boundingBox())!;
  const { viewWidth, trim } = await page.evaluate(() => {
    const svg = document.getElementById('overlay') as unknown as SVGSVGElement;
    const g = svg.querySelector('g')!.getAttribute('transform')!;
    return { viewWidth: svg.viewBox.baseVal.width, trim: Number(/translate\(([\d.]+)/.exec(g)![1]) };
  });
  const scale = box.width / viewWidth;
  return { x: box.x + (trim + x) * scale, y: box.y + (trim + y) * scale };
}

async function dragFrom(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  const [a, b] = [await onScreen(from.x, from.y), await onScreen(to.x, to.y)];
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
}

/** Waits for the page image of a build after `version` to be on the desk. */
async function shownAfter(version: number): Promise<number> {
  await page.waitForFunction((v) => Number(document.body.dataset.version) > v && !document.getElementById('state')!.textContent!.includes('…'), version, { timeout: 30_000 });
  return Number(await page.evaluate(() => document.body.dataset.version));
}

describe('the desk', () => {
  it('writes a frame edge dragged on the grid into the issue file, and draws the page with the new fit', async () => {
    const before = readFileSync(issue, 'utf8');
    const desk = await deskPage();
    const { grid } = desk;
    const cadres = desk.articles.find((a) => a.id === 'cadres-column')!;
    const r = cadres.frames[0].rect;
    // The top edge of 以组织担当…'s frame, from line 90 down four lines (and a little more: it snaps).
    await dragFrom({ x: r.x + r.width / 2, y: r.y + 1 }, { x: r.x + r.width / 2, y: r.y + 1 + 4.3 * grid.pitch });
    const version = await shownAfter(1);
    expect(changedLines(before, readFileSync(issue, 'utf8'))).toEqual([['        frame: { columns: [1, 4], lines: [90, 120] }', '        frame: { columns: [1, 4], lines: [94, 120] }']]);
    await expect.poll(() => page.locator('#report').textContent()).toMatch(/cadres-column\s+c1-4 l94-120\s+\d+ lines\s+overflows by \d+ lines/);
    await expect.poll(() => page.locator('#selection').textContent()).toMatch(/c1-4 l94-120 .*overflows/);
    expect(version).toBeGreaterThan(1);
  }, 60_000);

  it('writes a photo resized by its corner: its columns and lines, nothing else', async () => {
    const before = readFileSync(issue, 'utf8');
    const desk = await deskPage();
    const { grid } = desk;
    const lead = desk.articles.find((a) => a.id === 'chain-party-building')!;
    const version = Number(await page.evaluate(() => document.body.dataset.version));
    // Select the lead, so that its photos show their corners.
    const photo = lead.photos[0];
    const right = grid.left + (photo.picture.columns[1] - 1) * (grid.columnWidth + grid.gutter) + grid.columnWidth;
    const bottom = grid.top + (photo.picture.lines[1] - 1) * grid.pitch + grid.bodySize;
    const inside = await onScreen(right - 40, bottom - 40);
    await page.mouse.click(inside.x, inside.y);
    await expect.poll(() => page.locator('#overlay .handle.se').count()).toBeGreaterThan(0);
    // The bottom-right corner of 江津区's photo: one column narrower, six lines shorter.
    await dragFrom({ x: right, y: bottom }, { x: right - (grid.columnWidth + grid.gutter), y: bottom - 6 * grid.pitch });
    await shownAfter(version);
    const after = readFileSync(issue, 'utf8');
    expect(changedLines(before, after)).toEqual([
      ['            columns: 5', '            columns: 4'],
      ['            lines: 28', '            lines: 22'],
    ]);
    expect(after).toContain('# Stepped: the left half stops above the taller column, the right half above the shorter one.');
    await expect.poll(async () => (await deskPage()).articles.find((a) => a.id === 'chain-party-building')!.photos[0].picture).toEqual({ columns: [4, 7], lines: [16, 37] });
    await expect.poll(() => page.locator('#report').textContent()).toMatch(/chain-party-building\s+c1-4 l8-88 \+ c5-8 l8-92\s+\d+ lines\s+fits, \d+ lines? empty/);
    if (screenshots) {
      mkdirSync(docs, { recursive: true });
      await page.screenshot({ path: join(docs, 'desk.png') });
    }
  }, 60_000);

  it('writes a photo dragged whole: its `at`, nothing else', async () => {
    const before = readFileSync(issue, 'utf8');
    const desk = await deskPage();
    const version = Number(await page.evaluate(() => document.body.dataset.version));
    const salon = desk.articles.find((a) => a.id === 'chain-party-building')!.photos.find((p) => p.id === 'tongliang-salon')!;
    const r = salon.rect;
    // From the middle of 铜梁区's photo, two lines down.
    await dragFrom({ x: r.x + r.width / 2, y: r.y + r.height / 2 }, { x: r.x + r.width / 2, y: r.y + r.height / 2 + 2 * desk.grid.pitch });
    await shownAfter(version);
    expect(changedLines(before, readFileSync(issue, 'utf8'))).toEqual([['            at: { column: 1, line: 60 }', '            at: { column: 1, line: 62 }']]);
  }, 60_000);

  it('refuses a frame dragged over another story, with the reason at the pointer, and writes nothing', async () => {
    const before = readFileSync(issue, 'utf8');
    const desk = await deskPage();
    const r = desk.articles.find((a) => a.id === 'cadres-column')!.frames[0].rect;
    const step = desk.grid.columnWidth + desk.grid.gutter;
    await dragFrom({ x: r.x + r.width - 1, y: r.y + 80 }, { x: r.x + r.width - 1 + step, y: r.y + 80 });
    const tip = page.locator('#tip');
    await expect.poll(() => tip.textContent()).toBe('the frame of cadres-column would overlap the frame of red-crag-archive');
    expect(await tip.isVisible()).toBe(true);
    // Shown where the pointer let go.
    const at = await onScreen(r.x + r.width - 1 + step, r.y + 80);
    const box = (await tip.boundingBox())!;
    expect(Math.abs(box.x - at.x)).toBeLessThan(40);
    expect(Math.abs(box.y - at.y)).toBeLessThan(40);
    expect(readFileSync(issue, 'utf8')).toBe(before);
  }, 60_000);

  it('moves the selected frame a line with an arrow key, and undoes it', async () => {
    const before = readFileSync(issue, 'utf8');
    let version = Number(await page.evaluate(() => document.body.dataset.version));
    const r = (await deskPage()).articles.find((a) => a.id === 'cadres-column')!.frames[0].rect;
    const inside = await onScreen(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.click(inside.x, inside.y);
    await page.keyboard.press('ArrowDown');
    // Down one line: the frame's bottom would leave the type area (line 121).
    await expect.poll(() => page.locator('#tip').textContent()).toMatch(/would leave the type area \(columns 1–8, lines 1–120\): columns 1–4, lines 95–121/);
    await page.keyboard.press('ArrowUp');
    version = await shownAfter(version);
    expect(changedLines(before, readFileSync(issue, 'utf8'))).toEqual([['        frame: { columns: [1, 4], lines: [94, 120] }', '        frame: { columns: [1, 4], lines: [93, 119] }']]);
    await page.keyboard.press('Control+z');
    await shownAfter(version);
    expect(readFileSync(issue, 'utf8')).toBe(before);
  }, 60_000);

  it('moves two lines for two quick presses of an arrow key: the second move waits for the build of the first', async () => {
    const before = readFileSync(issue, 'utf8');
    let version = Number(await page.evaluate(() => document.body.dataset.version));
    const r = (await deskPage()).articles.find((a) => a.id === 'cadres-column')!.frames[0].rect;
    const inside = await onScreen(r.x + r.width / 2, r.y + r.height / 2);
    await page.mouse.click(inside.x, inside.y);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => changedLines(before, readFileSync(issue, 'utf8')), { timeout: 30_000 })
      .toEqual([['        frame: { columns: [1, 4], lines: [94, 120] }', '        frame: { columns: [1, 4], lines: [92, 118] }']]);
    version = await shownAfter(version);
    expect(await page.locator('#tip').isVisible()).toBe(false);
    for (let undo = 0; undo < 2; undo++) {
      await expect.poll(() => page.evaluate(() => document.getElementById('state')!.textContent)).not.toContain('…');
      await page.keyboard.press('Control+z');
      version = await shownAfter(version);
    }
    expect(readFileSync(issue, 'utf8')).toBe(before);
  }, 60_000);

  it('shows the place of a diagnostic clicked, and its file and line', async () => {
    const item = page.locator('#diagnostics li.placed', { hasText: /article "cadres-column" on page 6 overflows/ });
    await expect(item.count()).resolves.toBeGreaterThan(0);
    expect(await item.locator('.where').textContent()).toMatch(/^issue\.yaml:\d+ · cadres-column on 第6版$/);
    await item.click();
    const highlight = page.locator('#overlay .highlight');
    await expect.poll(() => highlight.count()).toBe(1);
    const frame = (await deskPage()).articles.find((a) => a.id === 'cadres-column')!.frames[0].rect;
    const [x, y, width, height] = await highlight.evaluate((h) => ['x', 'y', 'width', 'height'].map((k) => Number(h.getAttribute(k))));
    // The frame, with a margin of 2 pt around it.
    expect([x + 2, y + 2, width - 4, height - 4].map(Math.round)).toEqual([frame.x, frame.y, frame.width, frame.height].map(Math.round));
    expect(await item.getAttribute('class')).toMatch(/\bshown\b/);
    if (screenshots) await page.screenshot({ path: join(docs, 'desk-diagnostic.png') });
  }, 60_000);
});
