/** Page templates and the booking list: what stands on a page before the news. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeIssue } from '../../src/build.js';
import { InputError, type Diagnostic } from '../../src/diagnostics.js';
import { issueDir } from '../helpers/issue-dir.js';

const LAYOUT = `extends: tabloid
name: daily
masthead: { columns: 4, lines: 6 }
styles:
  masthead: { font: song_black, size: 60pt, align: center }
templates:
  front:
    masthead: true
    ads:
      - { id: slot-a, columns: [5, 6], lines: [60, 67] }
      - { id: slot-b, columns: [5, 6], lines: [69, 76] }
    rules:
      - { columns: [1, 6], line: 78 }
`;

function issue(page: string, bookings?: string, top = ''): string {
  const files: Record<string, string> = {
    'daily.yaml': LAYOUT,
    'issue.yaml': `paper: 测试晚报
date: 2024-10-18
layout: daily.yaml
${bookings !== undefined ? 'bookings: bookings.csv\n' : ''}${top}pages:
  - number: 1
${page}
    articles:
      - id: lead
        headline: 头条
        body: 正文一段。
        frame: { columns: [1, 4], lines: [8, 60] }
  - number: 2
    section: 经济
    articles:
      - id: money
        headline: 经济
        body: 正文一段。
        frame: { columns: [1, 6], lines: [8, 40] }
`,
  };
  if (bookings !== undefined) files['bookings.csv'] = bookings;
  const dir = issueDir(files);
  copyFileSync(join(import.meta.dirname, '../../issues/evening-edition/ads/jiadian.pdf'), join(dir, 'ad.pdf'));
  return join(dir, 'issue.yaml');
}

/** The errors that stop placement (the warnings beside them left out). */
const errors = (file: string): Diagnostic[] => {
  try {
    composeIssue(file);
  } catch (e) {
    if (e instanceof InputError) return e.diagnostics.filter((d) => d.severity === 'error');
    throw e;
  }
  throw new Error('composed without an error');
};
const slots = (file: string, page = 0) => composeIssue(file).pages[page].ads.map((ad) => [ad.id, ad.slot.columns, ad.slot.lines]);

describe('a page template', () => {
  it('gives the page its masthead and rules, the page’s own rules added', () => {
    const file = issue('    template: front\n    rules: [{ columns: [1, 4], line: 62 }]\n    ads: [{ id: slot-a, file: ad.pdf }, { id: slot-b, file: ad.pdf }]');
    const { pages, diagnostics } = composeIssue(file);
    expect(pages[0].furniture.map((f) => f.role)).toEqual(['masthead']);
    expect(pages[0].rules.map((r) => r.y1)).toHaveLength(2);
    expect(diagnostics.filter((d) => !/of its frame empty/.test(d.message))).toEqual([]);
  });

  it('reserves advertisement slots that the page fills by id, and says when one stays empty', () => {
    const file = issue('    template: front\n    ads: [{ id: slot-b, file: ad.pdf }]');
    const { pages, diagnostics } = composeIssue(file);
    expect(pages[0].ads.map((ad) => [ad.id, ad.slot.lines])).toEqual([['slot-b', [69, 76]]]);
    expect(diagnostics.map((d) => d.message).filter((m) => !/of its frame empty/.test(m))).toEqual(['the advertisement slot "slot-a" that template "front" reserves has no advertisement; it stays white']);
  });

  it('is an error when the layout has no template of that name, or a page’s advertisement has no slot', () => {
    expect(errors(issue('    template: back')).map((d) => d.message)).toEqual(['layout daily has no page template "back"; its templates are front']);
    expect(errors(issue('    template: front\n    ads: [{ id: other, file: ad.pdf }]')).map((d) => [d.message, d.field])).toEqual([['advertisement "other" gives no slot, and template "front" reserves none of that id', 'pages[0].ads[0]']]);
  });
});

describe('the booking list', () => {
  const header = 'id,file,columns,lines,page,section,position\n';

  it('fills the template’s reserved slots of the booked size, in the order booked', () => {
    const file = issue('    template: front', `${header}first,ad.pdf,2,8,1,,\nsecond,ad.pdf,2,8,1,,\n`);
    expect(slots(file)).toEqual([['first', [5, 6], [60, 67]], ['second', [5, 6], [69, 76]]]);
  });

  it('places a booking without a slot nearest the corner it wishes, on its section’s page, clear of the stories', () => {
    const file = issue('', `${header}shop,ad.pdf,2,8,,经济,top-left\nbank,ad.pdf,3,10,2,,\n`);
    // Page 2's story takes lines 8–40 across the page: the top-left place is under it, a line clear; bottom-right by default.
    expect(slots(file, 1)).toEqual([['shop', [1, 2], [42, 49]], ['bank', [4, 6], [77, 86]]]);
  });

  it('reports a booking that finds no place, and why', () => {
    const file = issue('    template: front', `${header}wide,ad.pdf,6,80,1,,\n`);
    expect(errors(file)).toEqual([
      expect.objectContaining({ line: 2, message: 'booked advertisement "wide" (6 columns × 80 lines) finds no place on page 1: no reserved slot of that size is free, and no free area of that size is left clear of the furniture, the other advertisements and the stories\' frames' }),
    ]);
  });

  it('names the file, line and column of a wrong value', () => {
    const file = issue('', `${header}shop,ad.pdf,two,8,1,,middle\n`);
    expect(errors(file).map((d) => [d.file?.endsWith('bookings.csv'), d.line, d.field, d.message])).toEqual([
      [true, 2, 'position', 'position must be one of top-left, top-right, bottom-left, bottom-right, not "middle"'],
      [true, 2, 'columns', 'columns must be a whole number from 1 to 100, not "two"'],
    ]);
  });

  it('refuses a list with a column it does not know, and a booking for a page the issue lacks', () => {
    expect(errors(issue('', 'id,file,columns,lines,colour\n')).map((d) => d.message)).toEqual(['unknown column "colour"; the columns are id, file, columns, lines, page, section, position']);
    expect(errors(issue('', `${header}late,ad.pdf,2,8,7,,\n`)).map((d) => d.message)).toEqual(['booked advertisement "late" wants page 7, which the issue does not have']);
  });
});
