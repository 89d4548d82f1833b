/**
 * A small reader of a PDF's objects, enough to check its archival structure independently of
 * the library that wrote it: indirect objects with dictionaries, arrays, names, strings,
 * numbers and references, and their streams (Flate-decoded). Classic xref files only.
 */
import { inflateSync } from 'node:zlib';

export type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict;
export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(readonly num: number) {}
}
export interface PdfDict {
  [key: string]: PdfValue;
}
export interface PdfObject {
  value: PdfValue;
  stream?: Buffer;
}

export class PdfFile {
  readonly objects = new Map<number, PdfObject>();
  readonly trailer: PdfDict;
  readonly header: string;

  constructor(readonly bytes: Buffer) {
    const text = bytes.toString('latin1');
    this.header = text.slice(0, text.indexOf('\n'));
    const re = /(\d+) 0 obj\s*/g;
    for (let m; (m = re.exec(text)); ) {
      const parser = new Parser(text, re.lastIndex);
      const value = parser.value();
      let stream: Buffer | undefined;
      const after = /^\s*stream\r?\n/.exec(text.slice(parser.pos, parser.pos + 20));
      if (after && isDict(value)) {
        const start = parser.pos + after[0].length;
        const length = value.Length as number;
        const raw = bytes.subarray(start, start + length);
        stream = name(value.Filter) === 'FlateDecode' ? inflateSync(raw) : raw;
        re.lastIndex = start + length;
      } else re.lastIndex = parser.pos;
      this.objects.set(Number(m[1]), { value, stream });
    }
    const t = text.lastIndexOf('trailer');
    this.trailer = new Parser(text, t + 'trailer'.length).value() as PdfDict;
  }

  get(v: PdfValue | undefined): PdfValue | undefined {
    return v instanceof PdfRef ? this.objects.get(v.num)?.value : v;
  }

  dict(v: PdfValue | undefined): PdfDict {
    const d = this.get(v);
    if (!isDict(d)) throw new Error('not a dictionary');
    return d;
  }

  stream(v: PdfValue | undefined): Buffer {
    if (!(v instanceof PdfRef)) throw new Error('a stream is an indirect object');
    return this.objects.get(v.num)!.stream!;
  }

  /** The page dictionaries in page order. */
  pages(node: PdfDict = this.dict(this.dict(this.trailer.Root).Pages)): PdfDict[] {
    const kids = this.get(node.Kids);
    if (!Array.isArray(kids)) return [node];
    return kids.flatMap((k) => this.pages(this.dict(k)));
  }

  /** A page's content streams, decoded and joined (latin1: operators are ASCII, strings bytes). */
  content(page: PdfDict): string {
    const contents = this.get(page.Contents) ?? [];
    const streams = (Array.isArray(page.Contents) ? page.Contents : Array.isArray(contents) ? contents : [page.Contents]) as PdfValue[];
    return streams.map((s) => (s instanceof PdfRef ? this.stream(s).toString('latin1') : '')).join('\n');
  }

  /** Every dictionary object whose /Type is `type`. */
  ofType(type: string): PdfDict[] {
    return [...this.objects.values()].map((o) => o.value).filter((v): v is PdfDict => isDict(v) && name(v.Type) === type);
  }
}

export const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PdfName) && !(v instanceof PdfRef);
export const name = (v: PdfValue | undefined) => (v instanceof PdfName ? v.name : undefined);

/** A PDF text string: UTF-16BE with a byte order mark, or PDFDocEncoding (read as Latin-1). */
export function textString(s: PdfValue | undefined): string {
  if (typeof s !== 'string') return '';
  if (!s.startsWith('\xfe\xff')) return s;
  const b = Buffer.from(s.slice(2), 'latin1');
  return b.swap16().toString('utf16le');
}

class Parser {
  constructor(
    private readonly s: string,
    public pos: number,
  ) {}

  private skip(): void {
    for (;;) {
      while (/\s/.test(this.s[this.pos] ?? '')) this.pos++;
      if (this.s[this.pos] !== '%') return;
      while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
    }
  }

  value(): PdfValue {
    this.skip();
    const s = this.s;
    const c = s[this.pos];
    if (s.startsWith('<<', this.pos)) {
      this.pos += 2;
      const d: PdfDict = {};
      for (;;) {
        this.skip();
        if (s.startsWith('>>', this.pos)) {
          this.pos += 2;
          return d;
        }
        const key = this.value() as PdfName;
        d[key.name] = this.value();
      }
    }
    if (c === '[') {
      this.pos++;
      const a: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (s[this.pos] === ']') {
          this.pos++;
          return a;
        }
        a.push(this.value());
      }
    }
    if (c === '/') {
      const m = /^\/([^\s/<>[\]()%]*)/.exec(s.slice(this.pos, this.pos + 200))!;
      this.pos += m[0].length;
      return new PdfName(m[1].replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === '(') return this.literal();
    if (c === '<') {
      const end = s.indexOf('>', this.pos);
      const hex = s.slice(this.pos + 1, end).replace(/\s/g, '');
      this.pos = end + 1;
      return Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex').toString('latin1');
    }
    const ref = /^(\d+) (\d+) R/.exec(s.slice(this.pos, this.pos + 30));
    if (ref) {
      this.pos += ref[0].length;
      return new PdfRef(Number(ref[1]));
    }
    const tok = /^[^\s/<>[\]()%]+/.exec(s.slice(this.pos, this.pos + 40))![0];
    this.pos += tok.length;
    return tok === 'true' ? true : tok === 'false' ? false : tok === 'null' ? null : Number(tok);
  }

  private literal(): string {
    let depth = 0;
    let out = '';
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    for (this.pos++; ; this.pos++) {
      const c = this.s[this.pos];
      if (c === '\\') {
        const n = this.s[++this.pos];
        const oct = /^[0-7]{1,3}/.exec(this.s.slice(this.pos, this.pos + 3));
        if (oct) {
          out += String.fromCharCode(parseInt(oct[0], 8));
          this.pos += oct[0].length - 1;
        } else if (n !== '\n') out += escapes[n] ?? n;
      } else if (c === '(') {
        depth++;
        out += c;
      } else if (c === ')') {
        if (depth-- === 0) {
          this.pos++;
          return out;
        }
        out += c;
      } else out += c;
    }
  }
}

/** The document's bookmarks: each title with the titles under it. */
export function outlineTitles(pdf: PdfFile): [string, string[]][] {
  const titles = (item: PdfDict): [string, string[]][] => {
    const out: [string, string[]][] = [];
    for (let ref = item.First; ref; ) {
      const child = pdf.dict(ref);
      out.push([textString(child.Title), titles(child).map(([t]) => t)]);
      ref = child.Next;
    }
    return out;
  };
  return titles(pdf.dict(pdf.dict(pdf.trailer.Root).Outlines));
}
