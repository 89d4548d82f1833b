import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { DiagnosticList } from '../../src/diagnostics.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { setText } from '../../src/place/typeset.js';

const context = new BuildContext();
const body = loadLayout(context, join(LAYOUTS_DIR, 'broadsheet.yaml')).styles.get('body')!;

describe('setting a paragraph', () => {
  it('reports a lone last character that no setting within the spacing limits avoids', () => {
    // In 12 em, 达”？ cannot come back up (the line is full), and taking 直 down with it
    // would spread the first line 0.5 em per gap.
    const diags = new DiagnosticList();
    const set = setText(context, '■直达资金怎么“直达”？', body, 12 * 9, diags, { file: 'copy.md', line: 5 });
    expect(set.lines).toHaveLength(2);
    expect(diags.items).toEqual([expect.objectContaining({ severity: 'warning', file: 'copy.md', line: 5, message: expect.stringMatching(/holds one character alone \(达”？\)/) })]);
  });

  it('says nothing of a paragraph that is one character long', () => {
    const diags = new DiagnosticList();
    setText(context, '节。', body, 12 * 9, diags, {});
    expect(diags.items).toEqual([]);
  });

  it('composes a text once per setting, and reports its problems again at each place it is set', () => {
    const text = '■直达资金怎么“直达”？';
    const first = new DiagnosticList();
    const again = new DiagnosticList();
    const a = setText(context, text, body, 12 * 9, first, { file: 'a.md', line: 1 });
    const b = setText(context, text, body, 12 * 9, again, { file: 'b.md', line: 7 });
    expect(b.lines).toBe(a.lines);
    expect(again.items).toEqual([expect.objectContaining({ file: 'b.md', line: 7, message: first.items[0].message })]);
    // Anything the setting depends on makes it a different one.
    expect(setText(context, text, body, 13 * 9, new DiagnosticList(), {}).lines).not.toBe(a.lines);
    expect(setText(context, text, body, 12 * 9, new DiagnosticList(), {}, { indent: 0 }).lines).not.toBe(a.lines);
    expect(setText(context, text, { ...body, kinsoku: 'basic' }, 12 * 9, new DiagnosticList(), {}).lines).not.toBe(a.lines);
    expect(setText(context, `${text}。`, body, 12 * 9, new DiagnosticList(), {}).lines).not.toBe(a.lines);
  });
});
