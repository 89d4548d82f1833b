/** Layouts that extend layouts: only what differs, maps merged, paths resolved where they are written, errors placed in the file that wrote them. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { InputError, type Diagnostic } from '../../src/diagnostics.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { issueDir } from '../helpers/issue-dir.js';

const errorsOf = (file: string): Diagnostic[] => {
  try {
    loadLayout(new BuildContext(), file);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics;
    throw e;
  }
  throw new Error(`${file} loaded without an error`);
};

describe('a layout that extends a shipped one', () => {
  const dir = issueDir({
    'mine.yaml': ['extends: tabloid', 'name: mine', 'print: { ink_limit: 220 }', 'styles:', '  body: { size: 9.5pt }', '  headline: { color: red }', ''].join('\n'),
  });
  const base = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'tabloid.yaml'));
  const mine = loadLayout(new BuildContext(), join(dir, 'mine.yaml'));

  it('keeps everything it does not give, and merges the maps it changes field by field', () => {
    expect(mine.name).toBe('mine');
    expect(mine.grid.columns).toBe(base.grid.columns);
    expect(mine.print.inkLimit).toBe(2.2);
    expect(mine.print.pdfx).toBe(base.print.pdfx);
    const body = mine.styles.get('body')!;
    expect(body.size).toBe(9.5);
    // The body keeps its font, indent and alignment from the tabloid.
    expect([body.face.file, body.indent, body.align]).toEqual([base.styles.get('body')!.face.file, 2, 'justify']);
    expect(mine.styles.get('headline')!.color).toEqual([0, 1, 1, 0]);
    expect(mine.styles.get('headline')!.size).toBe(base.styles.get('headline')!.size);
  });

  it('finds the fonts the shipped layout names relative to itself, from a folder elsewhere', () => {
    expect(mine.styles.get('body')!.face.file).toBe(join(LAYOUTS_DIR, '../fonts/NotoSerifCJKsc-Regular.otf'));
    expect(mine.files).toEqual([join(dir, 'mine.yaml'), join(LAYOUTS_DIR, 'tabloid.yaml')]);
  });
});

describe('paths in a chain of layouts', () => {
  it('resolve against the file that names them', () => {
    const dir = issueDir({});
    mkdirSync(join(dir, 'house'));
    // The house layout names the shipped fonts relative to its own folder; the child, one folder up, only changes the grid.
    const font = join(LAYOUTS_DIR, '../fonts/NotoSerifCJKsc-Regular.otf');
    writeFileSync(join(dir, 'house', 'house.yaml'), `extends: tabloid\nname: house\nfonts:\n  song: { file: ${relative(join(dir, 'house'), font)} }\n`);
    writeFileSync(join(dir, 'child.yaml'), 'extends: house/house.yaml\nname: child\ngrid: { lines: 80 }\n');
    const child = loadLayout(new BuildContext(), join(dir, 'child.yaml'));
    expect(child.grid.lines).toBe(80);
    expect(child.styles.get('body')!.face.file).toBe(font);
  });
});

describe('errors in a layout that extends another', () => {
  it('name the file, line and field where a wrong value is written', () => {
    const dir = issueDir({ 'mine.yaml': 'extends: tabloid\nname: mine\n\ngrid: { lines: many }\n' });
    expect(errorsOf(join(dir, 'mine.yaml'))).toEqual([expect.objectContaining({ file: join(dir, 'mine.yaml'), line: 4, field: 'grid.lines', message: expect.stringContaining('must be integer') })]);
  });

  it('name an unknown field where it is written', () => {
    const dir = issueDir({ 'mine.yaml': 'extends: tabloid\nname: mine\nstyles:\n  body: { sise: 9pt }\n' });
    expect(errorsOf(join(dir, 'mine.yaml'))).toEqual([expect.objectContaining({ file: join(dir, 'mine.yaml'), line: 4, field: 'styles.body.sise', message: 'unknown field "sise"; did you mean "size"?' })]);
  });

  it('refuse a circle of layouts, naming the extends that closes it', () => {
    const dir = issueDir({ 'a.yaml': 'extends: b.yaml\nname: a\n', 'b.yaml': 'name: b\nextends: a.yaml\n' });
    expect(errorsOf(join(dir, 'a.yaml'))).toEqual([{ severity: 'error', file: join(dir, 'b.yaml'), line: 2, column: 10, field: 'extends', message: 'extends goes round in a circle: a.yaml → b.yaml → a.yaml' }]);
  });

  it('say what a layout that extends nothing lacks', () => {
    const dir = issueDir({ 'half.yaml': 'name: half\npage: { width: 200mm, height: 300mm }\n' });
    expect(errorsOf(join(dir, 'half.yaml')).map((d) => d.message)).toContain('missing required field "grid"');
  });

  it('refuse a base layout outside its folder and paiban’s layouts/', () => {
    const dir = issueDir({ 'mine.yaml': 'extends: ../elsewhere.yaml\nname: mine\n' });
    expect(errorsOf(join(dir, 'mine.yaml'))).toEqual([expect.objectContaining({ line: 1, field: 'extends', message: expect.stringContaining('lies outside the folder of the layout that extends it') })]);
  });
});
