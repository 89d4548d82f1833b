/**
 * The watch page in headless Chromium (the one inside the npm package @sparticuz/chromium, or
 * PAIBAN_CHROMIUM's; see tests/helpers/browser.ts — no browser is ever downloaded):
 * open it, change the issue, see the page change. Also measures how long an edit takes to
 * show, from the file written to the new preview loaded.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchIssue, type Watch } from '../../src/preview/watch.js';
import { launchChromium } from '../helpers/browser.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));

let browser: Browser;
let session: Watch;
let dir: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'paiban-watch-test-'));
  cpSync(sample, dir, { recursive: true });
  session = await watchIssue(join(dir, 'issue.yaml'), { port: 0 });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await browser?.close();
});

describe('paiban watch', () => {
  it('serves on 127.0.0.1 only', () => {
    expect(session.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('shows the preview and the fit report, and follows an edit of the issue', async () => {
    const page = await browser.newPage();
    await page.goto(session.url);
    await page.waitForFunction(() => document.body.dataset.version === '1');
    await expect.poll(() => page.locator('#report').textContent()).toMatch(/cadres-column\s+c1-4 l90-120\s+88 lines\s+fits exactly/);
    const image = page.locator('#sheet img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(500);
    const before = await image.screenshot();

    // The column loses half its copy: the report says so and the page shows it.
    const issue = join(dir, 'issue.yaml');
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('body_file: zuzhi-bitan.md', 'body: 以组织担当带动干部敢为善为有为。'));
    const edited = performance.now();
    await page.waitForFunction(() => Number(document.body.dataset.version) >= 2, undefined, { timeout: 20_000 });
    const shown = performance.now() - edited;
    console.log(`edit shown in the browser after ${shown.toFixed(0)} ms (build ${session.state.buildMs.toFixed(0)} ms, page drawn after ${session.state.firstPageMs.toFixed(0)} ms)`);
    await expect.poll(() => page.locator('#report').textContent()).toMatch(/cadres-column\s+c1-4 l90-120\s+\d+ lines\s+fits, \d+ lines empty/);
    expect(Buffer.compare(await image.screenshot(), before)).not.toBe(0);

    // A mistake shows its error; the last good preview stays.
    writeFileSync(issue, readFileSync(issue, 'utf8').replace('headline: 以组织', 'headlin: 以组织'));
    await expect.poll(() => page.locator('#diagnostics').textContent(), { timeout: 20_000 }).toMatch(/unknown field "headlin"/);
    expect(await image.count()).toBe(1);
  }, 60_000);
});
