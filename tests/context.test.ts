/**
 * The build context: what a running paiban keeps between builds is the context's, never shared
 * with another, and each thing made from files is kept while those files keep their stamps.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../src/build.js';
import { BuildContext } from '../src/context.js';
import { DiagnosticList } from '../src/diagnostics.js';
import { openFace } from '../src/fonts/font-set.js';
import { subsetFace } from '../src/fonts/subset.js';
import { LAYOUTS_DIR, loadLayout } from '../src/layout/load-layout.js';
import { drawing } from '../src/place/page-model.js';
import { setText } from '../src/place/typeset.js';
import { issueDir, SMALL_ISSUE } from './helpers/issue-dir.js';

const fonts = join(import.meta.dirname, '../fonts');
const tabloid = join(LAYOUTS_DIR, 'tabloid.yaml');
// Identity, not equality: vitest's toBe compares two different objects deeply to suggest a
// matcher, which on fonts and layouts (megabytes of tables) takes seconds.
const TEXT = '以组织担当带动干部敢为善为有为，在产业链上建强党组织。';

/** Gives `file` a new modification time, its contents unchanged: a new stamp. */
function touch(file: string, seconds: number): void {
  const t = new Date(Date.now() + seconds * 1000);
  utimesSync(file, t, t);
}

describe('two build contexts', () => {
  it('share nothing: fonts, layouts, compositions, subsets and HarfBuzz are each their own', () => {
    const a = new BuildContext();
    const b = new BuildContext();
    const la = loadLayout(a, tabloid);
    expect(b.layouts.size).toBe(0);
    expect(b.fonts.size).toBe(0);
    const lb = loadLayout(b, tabloid);
    expect(lb === la).toBe(false);
    const [bodyA, bodyB] = [la, lb].map((l) => l.styles.get('body')!);
    expect(bodyB.face === bodyA.face).toBe(false);
    expect(bodyB.face.font === bodyA.face.font).toBe(false);

    const setA = setText(a, TEXT, bodyA, 12 * 9, new DiagnosticList(), {});
    expect(a.compositions.size).toBe(TEXT.length);
    expect(b.compositions.size).toBe(0);
    const setB = setText(b, TEXT, bodyB, 12 * 9, new DiagnosticList(), {});
    expect(setB.lines === setA.lines).toBe(false);
    expect(setB.lines.map((l) => [l.start, l.stop])).toEqual(setA.lines.map((l) => [l.start, l.stop]));

    const glyphs = [...TEXT].map((c) => bodyA.face.glyph(c.codePointAt(0)!)!.id);
    const subsetA = subsetFace(a, bodyA.face, glyphs)!;
    expect(b.subsetter.lastSubsets.size).toBe(0);
    const subsetB = subsetFace(b, bodyB.face, glyphs)!;
    expect(subsetB === subsetA).toBe(false);
    expect(subsetB.program.equals(subsetA.program)).toBe(true);
    expect(b.subsetter.harfbuzz === a.subsetter.harfbuzz).toBe(false);
  }, 30_000);

  it('build the same page alike, each from its own caches', () => {
    const file = join(issueDir({ 'issue.yaml': SMALL_ISSUE }), 'issue.yaml');
    const a = new BuildContext();
    const b = new BuildContext();
    const pa = composeIssue(file, { context: a }).pages;
    const pb = composeIssue(file, { context: b }).pages;
    expect(pb[0].articles[0].fit).toEqual(pa[0].articles[0].fit);
    expect(composeIssue(file, { context: a }).layouts[0]).toBe(composeIssue(file, { context: a }).layouts[0]);
    expect(composeIssue(file, { context: b }).layouts[0] === composeIssue(file, { context: a }).layouts[0]).toBe(false);
    // Without a context a build makes one of its own and keeps nothing.
    expect(composeIssue(file).layouts[0] === composeIssue(file).layouts[0]).toBe(false);
  }, 30_000);

  it('for one build keep no composition, and set the page as a context kept for rebuilds does', () => {
    const file = join(issueDir({ 'issue.yaml': SMALL_ISSUE }), 'issue.yaml');
    const once = new BuildContext({ once: true });
    const kept = new BuildContext();
    const [po, pk] = [once, kept].map((context) => composeIssue(file, { context }).pages);
    expect(once.compositions.size).toBe(0);
    expect(kept.compositions.size).toBeGreaterThan(0);
    const glyphs = (pages: typeof po) => pages.flatMap((p) => [...drawing(p, false)].flatMap((d) => (d.kind === 'text' ? d.run.glyphs.map((g) => [g.id, g.x, d.run.baseline]) : [])));
    expect(glyphs(po).length).toBeGreaterThan(0);
    expect(glyphs(po)).toEqual(glyphs(pk));
  }, 30_000);
});

describe('one build context', () => {
  it('keeps a font, a layout and a subset while their files keep their stamps, and makes each again when one changes', () => {
    const dir = issueDir({});
    const hei = join(dir, 'hei.otf');
    const layoutFile = join(dir, 'layout.yaml');
    writeFileSync(hei, readFileSync(join(fonts, 'NotoSansCJKsc-Medium.otf')));
    writeFileSync(layoutFile, readFileSync(tabloid, 'utf8').replaceAll('../fonts/', `${fonts}/`).replace(/hei: +\{ file: [^}]+\}/, `hei: { file: ${hei} }`));
    const context = new BuildContext();
    const layout = loadLayout(context, layoutFile);
    const face = layout.styles.get('kicker')!.face;
    const glyphs = [face.glyph(0x7ea2)!.id, face.glyph(0x5ca9)!.id]; // 红 岩
    const subset = subsetFace(context, face, glyphs)!;

    // Nothing changed: all kept.
    expect(loadLayout(context, layoutFile)).toBe(layout);
    expect(openFace(context, 'hei', hei)).toBe(face);
    expect(subsetFace(context, face, glyphs)).toBe(subset);

    // The layout file has a new stamp: the layout is read again; its fonts and their subsets are kept.
    touch(layoutFile, 10);
    const relaid = loadLayout(context, layoutFile);
    expect(relaid === layout).toBe(false);
    expect(relaid.styles.get('kicker')!.face).toBe(face);
    expect(subsetFace(context, face, glyphs)).toBe(subset);

    // The font file has a new stamp (its contents the same): the font is read again, and with it
    // the layout that uses it, and the font is cut again.
    touch(hei, 20);
    const refaced = openFace(context, 'hei', hei);
    expect(refaced === face).toBe(false);
    const refonted = loadLayout(context, layoutFile);
    expect(refonted === relaid).toBe(false);
    expect(refonted.styles.get('kicker')!.face).toBe(refaced);
    const recut = subsetFace(context, refaced, glyphs)!;
    expect(recut === subset).toBe(false);
    expect(recut.program.equals(subset.program)).toBe(true);
    expect(subsetFace(context, refaced, glyphs)).toBe(recut);
    // Fonts the change did not touch are kept.
    expect(refonted.styles.get('body')!.face).toBe(layout.styles.get('body')!.face);
  }, 30_000);

  it('parses an issue file again only when it changes, and gives each build its own copy of the data', () => {
    const dir = issueDir({ 'issue.yaml': SMALL_ISSUE.replace(/body: \|[\s\S]*$/, 'body_file: copy.md\n'), 'copy.md': '第一段正文。' });
    const file = join(dir, 'issue.yaml');
    const context = new BuildContext();
    composeIssue(file, { context });
    expect(context.sources.size).toBe(1);
    const kept = context.sources.get(`issue\n${file}`)!;
    // A copy edit: the issue file is not parsed again, and what a build did to its data did not reach the kept copy.
    writeFileSync(join(dir, 'copy.md'), '第一段正文，改过了。');
    const edited = composeIssue(file, { context });
    expect(context.sources.get(`issue\n${file}`)).toBe(kept);
    expect(edited.issue.spec).not.toBe(kept.data);
    expect(edited.issue.pages[0].articles[0].blocks[0]).toMatchObject({ text: '第一段正文，改过了。' });
    // An edit of the issue file is read.
    writeFileSync(file, readFileSync(file, 'utf8').replace('测试标题', '改过的标题'));
    const t = new Date(Date.now() + 5000);
    utimesSync(file, t, t);
    const again = composeIssue(file, { context });
    expect(context.sources.get(`issue\n${file}`)).not.toBe(kept);
    expect(again.issue.pages[0].articles[0].spec.headline).toBe('改过的标题');
  });

  it('keys a composition by every field of its setting', () => {
    const context = new BuildContext();
    const layout = loadLayout(context, tabloid);
    const body = layout.styles.get('body')!;
    const kicker = layout.styles.get('kicker')!.face;
    const set = (style = body, measure = 12 * 9, options = {}) => setText(context, TEXT, style, measure, new DiagnosticList(), {}, options).lines;
    const first = set();
    expect(set()).toBe(first);
    expect(set({ ...body })).toBe(first);
    for (const changed of [
      { ...body, kinsoku: 'basic' as const },
      { ...body, punctuation: 'half' as const },
      { ...body, autospace: 0.5 },
      { ...body, indent: 0 },
      { ...body, align: 'left' as const },
      { ...body, fallbacks: [kicker] },
      { ...body, face: kicker },
    ]) {
      expect(set(changed) === first).toBe(false);
    }
    expect(set(body, 11 * 9) === first).toBe(false);
    expect(set(body, 12 * 9, { preferSpaceBreaks: true }) === first).toBe(false);
  });
});
