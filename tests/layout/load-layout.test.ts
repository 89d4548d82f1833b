import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { InputError } from '../../src/diagnostics.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { mm } from '../../src/units.js';
import { issueDir } from '../helpers/issue-dir.js';

describe('the broadsheet layout', () => {
  const layout = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'broadsheet.yaml'));
  const g = layout.grid;

  it('is a 对开 page with a 352 × 490 mm type area', () => {
    expect(g.pageWidth).toBeCloseTo(mm(390), 3);
    expect(g.pageHeight).toBeCloseTo(mm(545), 3);
    expect(g.width / mm(1)).toBeCloseTo(352.4, 1);
    expect(g.height / mm(1)).toBeCloseTo(490.1, 1);
  });

  it('has 8 columns of 13 body characters with one-character gutters: 111 characters across', () => {
    expect(g.columns).toBe(8);
    expect(g.columnWidth).toBe(13 * 9);
    expect(g.width).toBe(111 * 9);
    expect(g.columnLeft(2) - g.columnLeft(1)).toBe(14 * 9);
  });

  it('puts 120 baselines on a fixed pitch', () => {
    expect(g.lines).toBe(120);
    expect(g.baseline(120) - g.baseline(1)).toBeCloseTo(119 * 11.6, 6);
  });

  it('centres the type area across the page', () => {
    expect(g.left).toBeCloseTo((g.pageWidth - g.width) / 2, 6);
  });

});

describe('a layout with a missing font file', () => {
  it('names the layout file, the line and the font role', () => {
    const dir = issueDir({});
    const text = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8')
      .replaceAll('../fonts/', `${join(LAYOUTS_DIR, '..', 'fonts')}/`)
      .replace('NotoSansCJKsc-Bold.otf', 'NoSuchFont.otf');
    writeFileSync(join(dir, 'layout.yaml'), text);
    try {
      loadLayout(new BuildContext(), join(dir, 'layout.yaml'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const [d] = (e as InputError).diagnostics;
      expect(d.message).toMatch(/font file not found: .*NoSuchFont\.otf/);
      expect(d.field).toBe('fonts.hei_bold.file');
      expect(d.line).toBe(text.split('\n').findIndex((l) => l.includes('NoSuchFont')) + 1);
    }
  });

  it('that is missing is said to be so in a diagnostic naming the file', () => {
    const file = join(issueDir({}), 'nowhere.yaml');
    expect(() => loadLayout(new BuildContext(), file)).toThrow(expect.objectContaining({ diagnostics: [{ severity: 'error', message: 'layout not found', file }] }));
  });
});

describe('a layout read again in a running process (watch, export)', () => {
  it('is reused while unchanged, and read again when its file or one of its fonts changes', () => {
    const context = new BuildContext();
    const dir = issueDir({});
    const fonts = join(import.meta.dirname, '../../fonts');
    const file = join(dir, 'layout.yaml');
    const text = readFileSync(join(LAYOUTS_DIR, 'tabloid.yaml'), 'utf8').replaceAll('../fonts/', `${fonts}/`).replace(/hei: +\{ file: [^}]+\}/, `hei: { file: ${join(dir, 'hei.otf')} }`);
    writeFileSync(join(dir, 'hei.otf'), readFileSync(join(fonts, 'NotoSansCJKsc-Medium.otf')));
    writeFileSync(file, text);
    const first = loadLayout(context, file);
    expect(loadLayout(context, file)).toBe(first);

    writeFileSync(file, text.replace(/body: +\{ font: song, size: [\d.]+pt/, 'body: { font: song, size: 10pt'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = loadLayout(context, file);
    expect(edited.styles.get('body')!.size).toBe(10);

    writeFileSync(join(dir, 'hei.otf'), readFileSync(join(fonts, 'NotoSansCJKsc-Bold.otf')));
    const refonted = loadLayout(context, file);
    expect(refonted).not.toBe(edited);
    expect(refonted.styles.get('kicker')!.face.postscriptName).toBe('NotoSansCJKsc-Bold');
  });
});
