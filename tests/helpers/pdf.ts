import { readFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  str: string;
  x: number;
  width: number;
  /** Baseline, in PDF space (y up). */
  y: number;
  size: number;
}

/** Text items of every page as pdf.js extracts them, with positions. */
export async function pdfText(file: string): Promise<{ pages: TextItem[][] }> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
  const pages: TextItem[][] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(
      content.items
        .filter((i): i is Extract<typeof i, { str: string }> => 'str' in i)
        .map((i) => ({ str: i.str, x: i.transform[4], width: i.width, y: i.transform[5], size: Math.hypot(i.transform[2], i.transform[3]) })),
    );
  }
  await doc.destroy();
  return { pages };
}

export interface FontRow {
  name: string;
  /** The font program is in the file. */
  embedded: boolean;
  /** Its name carries a subset tag (ABCDEF+). */
  subset: boolean;
  /** It has a ToUnicode map. */
  unicode: boolean;
  bytes: number;
}

/** Fonts used on every page, as pdf.js loads them. */
export async function pdfFonts(file: string): Promise<FontRow[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0, fontExtraProperties: true }).promise;
  const fonts = new Map<string, FontRow>();
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const ops = await page.getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.setFont) return;
      const id = ops.argsArray[i][0] as string;
      const f = page.commonObjs.get(id) as { name: string; missingFile: boolean; data?: Uint8Array; toUnicode?: unknown };
      fonts.set(f.name, { name: f.name, embedded: !f.missingFile && !!f.data, subset: /^[A-Z]{6}\+/.test(f.name), unicode: !!f.toUnicode, bytes: f.data?.length ?? 0 });
    });
  }
  await doc.destroy();
  return [...fonts.values()];
}

/** A page box as written in the page dictionary (pdfkit writes them uncompressed). */
export function pageBox(file: string, box: 'TrimBox' | 'BleedBox' | 'MediaBox'): number[] | undefined {
  const m = new RegExp(`/${box} \\[([^\\]]+)\\]`).exec(readFileSync(file, 'latin1'));
  return m?.[1].trim().split(/\s+/).map(Number);
}

export const strip = (s: string) => s.replace(/\s+/g, '');
