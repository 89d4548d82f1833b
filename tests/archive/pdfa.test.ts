/**
 * The archive PDF read back object by object: PDF/A-2u identification in XMP, the CMYK
 * OutputIntent, no encryption, embedded fonts with ToUnicode maps, bookmarks, and text that
 * extracts exactly as the copy was written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportIssue } from '../helpers/build.js';
import { composeIssue } from '../../src/build.js';
import { readPdf } from '../../src/check/read-pdf.js';
import { BuildContext } from '../../src/context.js';
import { articleBlocks, type PageModel } from '../../src/place/page-model.js';
import { allRuns } from '../helpers/page-model.js';
import { issueDir } from '../helpers/issue-dir.js';
import { ARCHIVE_ISSUE, COPY } from './archive-issue.js';
import { strip } from '../helpers/pdf.js';
import { name, outlineTitles, PdfFile, PdfRef, textString, type PdfValue } from './pdf-objects.js';

let pdf: PdfFile;
let pages: PageModel[];
let dir: string;
beforeAll(async () => {
  dir = issueDir({ 'issue.yaml': ARCHIVE_ISSUE });
  const outcome = await exportIssue({ source: join(dir, 'issue.yaml'), outDir: join(dir, 'out'), stem: 'test' }, new BuildContext());
  expect(outcome.status, JSON.stringify(outcome.diagnostics)).toBe('built');
  pdf = new PdfFile(readFileSync(join(dir, 'out', 'test.pdf')));
  pages = composeIssue(join(dir, 'issue.yaml')).pages;
}, 60_000);

const catalog = () => pdf.dict(pdf.trailer.Root);

describe('PDF/A-2u structure', () => {
  it('is PDF 1.7 with a binary comment, an ID and no encryption', () => {
    expect(pdf.header).toBe('%PDF-1.7');
    expect(pdf.bytes.subarray(9, 14).every((b, i) => i === 0 || b > 127)).toBe(true);
    expect(pdf.trailer.Encrypt).toBeUndefined();
    expect(Array.isArray(pdf.trailer.ID)).toBe(true);
  });

  it('identifies itself as PDF/A-2u in well-formed XMP that agrees with the Info dictionary', () => {
    const meta = pdf.dict(catalog().Metadata);
    expect(name(meta.Type)).toBe('Metadata');
    expect(meta.Filter).toBeUndefined(); // metadata stays readable without decompression
    const xmp = new DOMParser().parseFromString(pdf.stream(catalog().Metadata).toString('utf8').replace(/^\ufeff/, ''), 'text/xml');
    const text = (ns: string, local: string) => [...xmp.getElementsByTagNameNS(ns, local)].map((e) => e.textContent ?? '');
    const PDFAID = 'http://www.aiim.org/pdfa/ns/id/';
    const DC = 'http://purl.org/dc/elements/1.1/';
    const NEWS = 'http://ns.paiban.org/newspaper/1.0/';
    expect(text(PDFAID, 'part')).toEqual(['2']);
    expect(text(PDFAID, 'conformance')).toEqual(['U']);
    const info = pdf.dict(pdf.trailer.Info);
    const infoText = (k: string) => textString(pdf.get(info[k]));
    expect(text(DC, 'title')).toEqual([infoText('Title')]);
    expect(infoText('Title')).toBe('测试日报 红岩周刊 2024-02-20');
    expect(text(DC, 'date')).toEqual(['2024-02-20']);
    expect(text('http://ns.adobe.com/pdf/1.3/', 'Producer')).toEqual([infoText('Producer')]);
    expect(text('http://ns.adobe.com/xap/1.0/', 'ModifyDate')).toHaveLength(1);
    expect(text(NEWS, 'paper')).toEqual(['测试日报']);
    expect(text(NEWS, 'edition')).toEqual(['红岩周刊']);
    expect(text(NEWS, 'sections')).toEqual(['1: 要闻2: 评论']);
    expect(text(NEWS, 'headlines')).toEqual(['链上党建 & 高质量发展以组织担当带动干部']);
    expect(text(NEWS, 'bylines')).toEqual(['□本报记者 陈国栋组织部部长 李皓']);
    // The newspaper fields are declared, as PDF/A requires of any schema it does not know.
    expect(text('http://www.aiim.org/pdfa/ns/schema#', 'namespaceURI')).toEqual([NEWS]);
    expect(text('http://www.aiim.org/pdfa/ns/property#', 'name')).toEqual(['paper', 'edition', 'pages', 'sections', 'headlines', 'bylines']);
    expect(textString(catalog().Lang)).toBe('zh-CN');
  });

  it('has one GTS_PDFA1 OutputIntent with an embedded CMYK output profile', () => {
    const intents = catalog().OutputIntents as PdfValue[];
    expect(intents).toHaveLength(1);
    const intent = pdf.dict(intents[0]);
    expect(name(intent.S)).toBe('GTS_PDFA1');
    expect(textString(intent.OutputConditionIdentifier)).not.toBe('');
    const profileRef = intent.DestOutputProfile;
    expect(pdf.dict(profileRef).N).toBe(4);
    const icc = pdf.stream(profileRef);
    expect(icc.toString('latin1', 36, 40)).toBe('acsp');
    expect(icc.toString('latin1', 16, 20)).toBe('CMYK');
    expect(['prtr', 'mntr']).toContain(icc.toString('latin1', 12, 16));
  });

  it('embeds every font with a complete ToUnicode map', () => {
    const fonts = pdf.ofType('Font');
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts.filter((f) => name(f.Subtype) === 'Type0')) {
      expect(font.ToUnicode).toBeInstanceOf(PdfRef);
      const cid = pdf.dict((font.DescendantFonts as PdfValue[])[0]);
      const descriptor = pdf.dict(cid.FontDescriptor);
      expect(descriptor.FontFile2 ?? descriptor.FontFile3).toBeInstanceOf(PdfRef);
    }
    for (const font of fonts.filter((f) => name(f.Subtype) !== 'Type0' && !name(f.Subtype)?.startsWith('CIDFont'))) {
      throw new Error(`unexpected font ${name(font.Subtype)} ${name(font.BaseFont)}`);
    }
  });

  it('has a bookmark per page and, under it, one per article', () => {
    expect(outlineTitles(pdf)).toEqual([
      ['第1版 要闻', ['链上党建 & 高质量发展']],
      ['第2版 评论', ['以组织担当带动干部']],
    ]);
  });

  it('extracts, glyph for glyph, the text that was set, and that text is the copy', async () => {
    const read = await readPdf(join(dir, 'out', 'test.pdf'));
    // A space the copy typed between Chinese characters is drawn as the font's space: a glyph of no page-model run.
    expect(read.map((p) => p.runs.map((r) => r.glyphs.map((g) => g.text).join('').replace(/ /g, '')))).toEqual(
      pages.map((p) => allRuns(p, false).map((r) => r.glyphs.map((g) => g.text).join(''))),
    );
    const body = (article: string) =>
      strip(
        pages
          .flatMap((p) => p.articles.filter((a) => a.id === article).flatMap(articleBlocks))
          .filter((b) => b.role === 'paragraph' || b.role === 'section_heading')
          .flatMap((b) => b.lines.flatMap((l) => l.runs.flatMap((r) => r.glyphs.map((g) => g.text))))
          .join(''),
      );
    expect(body('lead')).toBe(strip(COPY.lead.map((l) => l.replace(/^## /, '')).join('')));
    expect(body('column')).toBe(strip(COPY.column.join('')));
    expect(read.every((p) => p.fonts.every((f) => f.embedded && f.toUnicode))).toBe(true);
  });

  it('keeps the print path as it was: the same issue built for the press is PDF/X', async () => {
    const { buildIssue } = await import('../helpers/build.js');
    const built = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'press') });
    const press = new PdfFile(readFileSync(built.pdf!));
    const root = press.dict(press.trailer.Root);
    expect(name(press.dict((root.OutputIntents as PdfValue[])[0]).S)).toBe('GTS_PDFX');
    expect(root.Outlines).toBeUndefined();
    expect(press.header).toBe('%PDF-1.3');
  });
});
