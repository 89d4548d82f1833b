/** An edition whose lead story jumps from page 1 to page 3, archived: one article across two pages' ALTO files, one bookmark where it starts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALTO_NS } from '../../src/archive/alto.js';
import { exportIssue } from '../helpers/build.js';
import { composeIssue } from '../../src/build.js';
import { BuildContext } from '../../src/context.js';
import { articleBlocks, type PageModel } from '../../src/place/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';
import { altoSchemaErrors } from './alto-schema.js';
import { outlineTitles, PdfFile } from './pdf-objects.js';

const LEAD = Array.from({ length: 30 }, (_, i) => `第${i + 1}段，前三季度全市经济运行总体平稳，主要指标好于预期，稳中有进的态势更加明显。`);
const ISSUE = `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    section: 要闻
    articles:
      - id: lead
        headline: 全市经济稳中有进
        body_file: lead.md
        frame:
          - { columns: [1, 4], lines: [1, 30] }
          - { page: 3, columns: [1, 3], lines: [1, 30] }
  - number: 2
    section: 评论
    articles:
      - id: comment
        headline: 评论文章
        body: 评论正文。
  - number: 3
    section: 经济
    articles:
      - id: third
        headline: 第三版文章
        body: 第三版正文。
        columns: 3
`;

let dir: string;
let pages: PageModel[];
let alto: Element[];
let files: string[];
beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': ISSUE, 'lead.md': LEAD.join('\n') });
  const outcome = await exportIssue({ source: join(dir, 'issue.yaml'), outDir: join(dir, 'out'), stem: 'edition' }, new BuildContext());
  expect(outcome.status, JSON.stringify(outcome.diagnostics)).toBe('built');
  files = outcome.files.filter((f) => f.path.endsWith('.alto.xml')).map((f) => f.path);
  alto = files.map((f) => new DOMParser().parseFromString(readFileSync(f, 'utf8'), 'text/xml').documentElement!);
  pages = composeIssue(join(dir, 'issue.yaml')).pages;
}, 60_000);

const all = (e: Element, local: string) => [...e.getElementsByTagNameNS(ALTO_NS, local)];
const strip = (s: string) => s.replace(/\s/g, '');

describe('an archived edition with a story that jumps', () => {
  it('writes valid ALTO for every page', () => {
    expect(files).toHaveLength(3);
    expect(altoSchemaErrors(files)).toBe('');
  });

  it('names the story by one identifier on both pages, each part holding its text as placed', () => {
    for (const [i, number] of [[0, 1], [2, 3]] as const) {
      expect(all(alto[i], 'StructureTag').filter((t) => t.getAttribute('ID') === 'A_lead').map((t) => t.getAttribute('LABEL'))).toEqual(['全市经济稳中有进']);
      const blocks = all(alto[i], 'TextBlock').filter((b) => b.getAttribute('TAGREFS') === 'A_lead');
      expect(blocks).toHaveLength(1);
      const part = pages.find((p) => p.number === number)!.articles.find((a) => a.id === 'lead')!;
      const placed = articleBlocks(part).flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text)))).join('');
      expect(strip(all(blocks[0], 'String').map((s) => s.getAttribute('CONTENT')).join(''))).toBe(strip(placed));
    }
    expect(all(alto[1], 'TextBlock').some((b) => b.getAttribute('TAGREFS') === 'A_lead')).toBe(false);
    // Read in order, the two parts hold the copy once, between the jump lines.
    const text = strip([alto[0], alto[2]].map((root) => all(root, 'TextBlock').filter((b) => b.getAttribute('TAGREFS') === 'A_lead').flatMap((b) => all(b, 'String').map((s) => s.getAttribute('CONTENT'))).join('')).join(''));
    expect(text.replace('（下转第3版）', '').replace('全市经济稳中有进（上接第1版）', '')).toBe(`全市经济稳中有进${strip(LEAD.join(''))}`);
  });

  it('marks the story with one bookmark, under the page where it starts, and names it once in the PDF/A metadata', () => {
    const pdf = new PdfFile(readFileSync(join(dir, 'out', 'edition.pdf')));
    expect(outlineTitles(pdf)).toEqual([
      ['第1版 要闻', ['全市经济稳中有进']],
      ['第2版 评论', ['评论文章']],
      ['第3版 经济', ['第三版文章']],
    ]);
    const xmp = new DOMParser().parseFromString(pdf.stream(pdf.dict(pdf.trailer.Root).Metadata).toString('utf8').replace(/^\ufeff/, ''), 'text/xml');
    const headlines = [...xmp.getElementsByTagNameNS('http://ns.paiban.org/newspaper/1.0/', 'headlines')].flatMap((h) => [...h.getElementsByTagNameNS('http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'li')].map((li) => li.textContent));
    expect(headlines).toEqual(['全市经济稳中有进', '评论文章', '第三版文章']);
  });
});
