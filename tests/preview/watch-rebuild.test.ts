/**
 * `paiban watch` keeps one build context for its session: a rebuild after an edit of the layout
 * file, or of a font it uses, reads it again (the browser itself is tested in watch.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAYOUTS_DIR } from '../../src/layout/load-layout.js';
import { watchIssue, type BuildState, type Watch } from '../../src/preview/watch.js';
import { issueDir, SMALL_ISSUE } from '../helpers/issue-dir.js';

const fonts = join(import.meta.dirname, '../../fonts');
let session: Watch | undefined;

afterAll(async () => {
  await session?.close();
});

/** Waits for the build after `version`. */
async function buildAfter(states: BuildState[], version: number): Promise<BuildState> {
  await expect.poll(() => states.at(-1)!.version, { timeout: 20_000, interval: 50 }).toBeGreaterThan(version);
  return states.at(-1)!;
}

describe('paiban watch, rebuilding', () => {
  it('follows an edit of the layout and of a font the layout uses', async () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace('layout: tabloid', 'layout: layout.yaml') });
    const layout = join(dir, 'layout.yaml');
    const hei = join(dir, 'hei.otf');
    const text = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${fonts}/`).replace(/hei: +\{ file: [^}]+\}/, `hei: { file: ${hei} }`);
    writeFileSync(hei, readFileSync(join(fonts, 'NotoSansCJKsc-Medium.otf')));
    writeFileSync(layout, text);
    const states: BuildState[] = [];
    session = await watchIssue(join(dir, 'issue.yaml'), { port: 0, onBuild: (s) => states.push(s) });
    const first = states.at(-1)!;
    expect(first.ok, first.diagnostics.map((d) => d.text).join('\n')).toBe(true);
    const height = (s: BuildState) => /story\s+c1-6 l1-(\d+)/.exec(s.report)?.[1];
    expect(height(first)).toBeDefined();

    // A bigger body size: the story needs more lines.
    writeFileSync(layout, text.replace(/body: +\{ font: song, size: 9pt/, 'body: { font: song, size: 12pt'));
    const relaid = await buildAfter(states, first.version);
    expect(relaid.ok, relaid.diagnostics.map((d) => d.text).join('\n')).toBe(true);
    expect(Number(height(relaid))).toBeGreaterThan(Number(height(first)));

    // The font file overwritten with something else: the rebuild reads it again and says what is wrong.
    writeFileSync(hei, 'not a font');
    const broken = await buildAfter(states, relaid.version);
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics.map((d) => d.text).join('\n')).toMatch(/cannot open font .*hei\.otf/);
  }, 60_000);
});
