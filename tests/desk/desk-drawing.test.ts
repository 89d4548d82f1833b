/**
 * After a change, the watch session draws the page on the desk first and the other pages the
 * change reached after it; pages it did not reach keep their images. On the evening edition:
 * one write of the issue file that changes a story's frame on page 3 and its entry in page 1's
 * index (导读) changes those two pages only.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { watchIssue, type BuildState, type Watch } from '../../src/preview/watch.js';

const evening = fileURLToPath(new URL('../../issues/evening-edition/', import.meta.url));
let session: Watch | undefined;
const abort = new AbortController();

afterAll(async () => {
  abort.abort();
  await session?.close();
});

/** Every state the session sends to a desk, as it comes. */
async function listen(url: string, states: BuildState[]): Promise<void> {
  const response = await fetch(new URL('/events', url), { signal: abort.signal });
  let buffer = '';
  void (async () => {
    for await (const piece of response.body!.pipeThrough(new TextDecoderStream())) {
      buffer += piece;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        states.push(JSON.parse(buffer.slice(buffer.indexOf('data: ') + 6, end)) as BuildState);
        buffer = buffer.slice(end + 2);
      }
    }
  })().catch(() => {});
}

describe('drawing after a change', () => {
  it('draws the page on the desk first, then the other pages changed, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paiban-desk-drawing-'));
    cpSync(evening, dir, { recursive: true });
    session = await watchIssue(join(dir, 'issue.yaml'), { port: 0 });
    expect(session.state.images).toEqual([1, 1, 1, 1]);
    const states: BuildState[] = [];
    await listen(session.url, states);
    const view = await fetch(new URL('/view', session.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"page": 2}' });
    expect(view.status).toBe(204);

    const issue = join(dir, 'issue.yaml');
    const text = readFileSync(issue, 'utf8');
    const edited = text.replace('index: 招聘会岗位逾万', 'index: 招聘会岗位超万').replace('frame: { columns: [1, 3], lines: [48, 70] }', 'frame: { columns: [1, 3], lines: [48, 69] }');
    expect(edited).not.toBe(text);
    writeFileSync(issue, edited);
    await expect.poll(() => states.at(-1)?.version === 2 && states.at(-1)?.phase === 'ready', { timeout: 30_000 }).toBe(true);
    const drawing = states.filter((s) => s.version === 2).map((s) => [s.phase, s.images]);
    expect(drawing).toEqual([
      ['drawing', [1, 1, 1, 1]],
      // Page 3, on the desk, first; then page 1.
      ['drawing', [1, 1, 2, 1]],
      ['ready', [2, 1, 2, 1]],
    ]);
    expect(states.at(-1)!.visible).toBe(2);
  }, 90_000);
});
