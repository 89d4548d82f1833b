/**
 * How an archived issue describes itself inside its PDF: bookmarks per page and per article,
 * and the newspaper's fields in XMP, declared as a PDF/A extension schema (PDF/A admits
 * only properties of schemas it knows or that the file itself declares).
 */
import { bylinesOf, headlinesOf, type Issue } from '../issue/model.js';
import type { PageBookmark, PdfOptions } from '../pdf/emit.js';
import type { PageModel } from '../place/page-model.js';
import { xmlEscape } from '../xml.js';

const NEWS_NS = 'http://ns.paiban.org/newspaper/1.0/';

/** The newspaper fields: name, XMP value type, and what they hold. */
const NEWS_PROPERTIES = [
  ['paper', 'Text', 'Name of the newspaper'],
  ['edition', 'Text', 'Edition or supplement'],
  ['pages', 'Seq Text', 'Page numbers, in order'],
  ['sections', 'Seq Text', 'Section of each page, as "page: section", in page order'],
  ['headlines', 'Seq Text', 'Headline of each article, in page order'],
  ['bylines', 'Seq Text', 'Byline or author of each article that has one, in page order'],
] as const;

function pageTitle(number: number, section: string | undefined): string {
  return `第${number}版${section ? ` ${section}` : ''}`;
}

/**
 * What writePdf needs to write an issue as PDF/A: the standard, bookmarks for its placed pages
 * and the articles that start on them (a story that jumps is one article, marked where it
 * starts), and its description.
 */
export function archiveOptions(issue: Issue, pages: readonly PageModel[]): PdfOptions {
  const outline: PageBookmark[] = pages.map((p) => ({
    title: pageTitle(p.number, p.section),
    articles: p.articles.filter((a) => !a.part?.index).map((a) => a.title),
  }));
  return { standard: 'pdfa', outline, xmp: issueXmp(issue) };
}

/** The issue in XMP: Dublin Core date and publisher, the newspaper fields, and the schema that declares them. */
function issueXmp(issue: Issue): string {
  const s = issue.spec;
  const values: Record<(typeof NEWS_PROPERTIES)[number][0], string | string[] | undefined> = {
    paper: s.paper,
    edition: s.edition,
    pages: issue.pages.map((p) => String(p.spec.number)),
    sections: issue.pages.map((p) => `${p.spec.number}: ${p.spec.section ?? ''}`),
    headlines: headlinesOf(issue),
    bylines: bylinesOf(issue),
  };
  const li = (v: string) => `<rdf:li>${xmlEscape(v)}</rdf:li>`;
  const news = NEWS_PROPERTIES.map(([name]) => {
    const v = values[name];
    if (v === undefined) return '';
    return `<news:${name}>${typeof v === 'string' ? xmlEscape(v) : `<rdf:Seq>${v.map(li).join('')}</rdf:Seq>`}</news:${name}>`;
  });
  return `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:news="${NEWS_NS}">
<dc:date><rdf:Seq>${li(s.date)}</rdf:Seq></dc:date>
<dc:publisher><rdf:Bag>${li(s.paper)}</rdf:Bag></dc:publisher>
<dc:type><rdf:Bag><rdf:li>newspaper issue</rdf:li></rdf:Bag></dc:type>
${news.filter(Boolean).join('\n')}
</rdf:Description>
${extensionSchema()}`;
}

function extensionSchema(): string {
  const property = ([name, valueType, description]: readonly [string, string, string]) =>
    `<rdf:li rdf:parseType="Resource"><pdfaProperty:name>${name}</pdfaProperty:name><pdfaProperty:valueType>${valueType}</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>${description}</pdfaProperty:description></rdf:li>`;
  return `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Newspaper issue</pdfaSchema:schema>
<pdfaSchema:namespaceURI>${NEWS_NS}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>news</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
${NEWS_PROPERTIES.map(property).join('\n')}
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>`;
}
