/** The PDF object writer, read back by the test's own object reader and checked byte by byte where PDF's syntax is strict. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { pdfName, pdfSyntax, PdfText, PdfWriter, textString, type PdfValue } from '../../src/pdf/pdf-writer.js';
import * as read from '../archive/pdf-objects.js';

/** A value written as an object of a file, and read back from the file. */
function readBack(value: PdfValue): read.PdfValue {
  const pdf = new PdfWriter('1.7');
  const ref = pdf.object(value);
  const file = new read.PdfFile(pdf.end(pdf.object({ Type: 'Catalog' }), pdf.object({ Producer: new PdfText('test') })));
  return file.objects.get(ref.num)!.value;
}

describe('strings', () => {
  it('writes ASCII text as a literal string with ( ) \\ and line ends escaped', () => {
    expect(textString('a (b) \\ c\n\r\td')).toBe('(a \\(b\\) \\\\ c\\n\\r\\td)');
    // Unbalanced parentheses cannot end the string early.
    expect(textString(')(')).toBe('(\\)\\()');
    expect(textString('')).toBe('()');
  });

  it('writes other text as UTF-16BE with a byte order mark, surrogate pairs included', () => {
    expect(textString('红岩')).toBe('<FEFF7EA25CA9>');
    expect(textString('café')).toBe('<FEFF00630061006600E9>');
    expect(textString('𠀀')).toBe('<FEFFD840DC00>');
    // A control character is not PDFDocEncoding's: it goes the UTF-16 way too.
    expect(textString('a\u0001')).toBe('<FEFF00610001>');
  });

  it('reads back as it was written', () => {
    const texts = ['重庆日报 (第6版)', 'back\\slash )( unbalanced', 'tab\tnew\nline', '𠀀 and café', ''];
    const value = readBack(texts.map((t) => new PdfText(t))) as read.PdfValue[];
    expect(value.map((v) => read.textString(v))).toEqual(texts);
  });

  it('writes dates as D:YYYYMMDDHHmmSSZ in UTC', () => {
    expect(pdfSyntax(new Date(Date.UTC(2024, 2, 1, 13, 5, 9)))).toBe('(D:20240301130509Z)');
  });
});

describe('names and numbers', () => {
  it('escapes delimiters, spaces, # and bytes outside printable ASCII in names', () => {
    expect(pdfName('Type0')).toBe('/Type0');
    expect(pdfName('A B#/(x)[y]<z>{w}%')).toBe('/A#20B#23#2F#28x#29#5By#5D#3Cz#3E#7Bw#7D#25');
    expect(pdfName('é')).toBe('/#C3#A9');
    expect(read.name(readBack('A B#/(x)'))).toBe('A B#/(x)');
  });

  it('writes numbers without exponents, to six decimals, and refuses what PDF cannot hold', () => {
    expect(pdfSyntax([1, -0.5, 1 / 3, 1e-7, 1105.5118110236, 2 ** 30])).toBe('[1 -0.5 0.333333 0 1105.511811 1073741824]');
    for (const bad of [NaN, Infinity, 1e21]) expect(() => pdfSyntax(bad)).toThrow(RangeError);
  });

  it('leaves out undefined dictionary entries and writes the rest', () => {
    expect(pdfSyntax({ Type: 'Page', Rotate: undefined, Kids: [], Open: true, Parent: null })).toBe('<< /Type /Page /Kids [] /Open true /Parent null >>');
  });
});

describe('the file', () => {
  /** A file with objects written out of number order, binary and compressed streams. */
  function sample(title = 'sample'): Buffer {
    const pdf = new PdfWriter('1.3');
    const later = pdf.reserve();
    pdf.stream({ Type: 'Binary' }, Buffer.from([0, 255, 10, 13, 0x65, 0x6e, 0x64]));
    pdf.compressedStream({}, 'BT /F1 9 Tf ET');
    pdf.object({ Type: 'Later', Title: new PdfText(title) }, later);
    const catalog = pdf.object({ Type: 'Catalog', Later: later });
    return pdf.end(catalog, pdf.object({ Title: new PdfText(title) }));
  }

  it('starts with the version and a comment of bytes above 127', () => {
    const bytes = sample();
    expect(bytes.toString('latin1', 0, 9)).toBe('%PDF-1.3\n');
    expect(bytes[9]).toBe(0x25);
    expect([...bytes.subarray(10, 14)].every((b) => b > 127)).toBe(true);
  });

  it('has a cross-reference entry of 20 bytes for every object, pointing at its "N 0 obj"', () => {
    const bytes = sample();
    const text = bytes.toString('latin1');
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
    const table = /^xref\n0 (\d+)\n/.exec(text.slice(xref))!;
    const size = Number(table[1]);
    expect(size).toBe(6);
    const entries = text.slice(xref + table[0].length, xref + table[0].length + 20 * size);
    expect(entries.slice(0, 20)).toBe('0000000000 65535 f \n');
    for (let n = 1; n < size; n++) {
      const entry = entries.slice(20 * n, 20 * n + 20);
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      expect(text.slice(Number(entry.slice(0, 10))).startsWith(`${n} 0 obj\n`), `object ${n}`).toBe(true);
    }
    expect(text.slice(xref + table[0].length + 20 * size)).toMatch(/^trailer\n<< \/Size 6 /);
  });

  it('reads back: streams with their exact length, compressed ones inflated, the trailer with Root, Info and an ID', () => {
    const file = new read.PdfFile(sample());
    expect(file.objects.get(2)!.stream).toEqual(Buffer.from([0, 255, 10, 13, 0x65, 0x6e, 0x64]));
    expect(file.objects.get(3)!.stream!.toString()).toBe('BT /F1 9 Tf ET');
    expect(read.name(file.dict(file.trailer.Root).Type)).toBe('Catalog');
    expect(read.name(file.dict(file.dict(file.trailer.Root).Later).Type)).toBe('Later');
    expect(read.textString(file.dict(file.trailer.Info).Title)).toBe('sample');
    const id = file.trailer.ID as string[];
    expect(id).toHaveLength(2);
    expect(id[0]).toHaveLength(16);
    expect(id[1]).toBe(id[0]);
  });

  it('gives the same bytes for the same objects, and another ID for others', () => {
    expect(sample().equals(sample())).toBe(true);
    const id = (b: Buffer) => new read.PdfFile(b).trailer.ID as string[];
    expect(id(sample('other'))[0]).not.toBe(id(sample())[0]);
  });

  it('refuses to end with a reserved object unwritten, and to write an object twice', () => {
    const pdf = new PdfWriter('1.4');
    const reserved = pdf.reserve();
    const catalog = pdf.object({ Type: 'Catalog' });
    expect(() => pdf.object(null, catalog)).toThrow(/written twice/);
    expect(() => pdf.end(catalog, pdf.object({}))).toThrow(`object ${reserved.num} was reserved but not written`);
  });
});

describe('JPEG images', () => {
  const picture = () => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 120, b: 40 } } });
  const jpeg = (space: 'srgb' | 'b-w' | 'cmyk') => picture().toColourspace(space).jpeg().toBuffer();
  const written = (data: Buffer) => {
    const pdf = new PdfWriter('1.3');
    const ref = pdf.jpegImage(data);
    const file = new read.PdfFile(pdf.end(pdf.object({ Type: 'Catalog' }), pdf.object({})));
    return { dict: file.dict(new read.PdfRef(ref.num)), data: file.objects.get(ref.num)!.stream! };
  };
  /** The JPEG without its APP14 (Adobe) segment. */
  const withoutAdobe = (data: Buffer) => {
    const at = data.indexOf(Buffer.from([0xff, 0xee]));
    expect(data.toString('latin1', at + 4, at + 9)).toBe('Adobe');
    return Buffer.concat([data.subarray(0, at), data.subarray(at + 2 + data.readUInt16BE(at + 2))]);
  };

  it('passes a CMYK JPEG through with its size, 8 bits, DeviceCMYK and, for Adobe\'s inverted CMYK, Decode [1 0 …]', async () => {
    const cmyk = await jpeg('cmyk');
    const { dict, data } = written(cmyk);
    expect(data.equals(cmyk)).toBe(true);
    expect({ ...dict, Type: read.name(dict.Type), Subtype: read.name(dict.Subtype), ColorSpace: read.name(dict.ColorSpace), Filter: read.name(dict.Filter) }).toEqual({
      Type: 'XObject', Subtype: 'Image', Width: 40, Height: 30, BitsPerComponent: 8, ColorSpace: 'DeviceCMYK', Decode: [1, 0, 1, 0, 1, 0, 1, 0], Filter: 'DCTDecode', Length: cmyk.length,
    });
  });

  it('leaves a CMYK JPEG without the Adobe segment as it is', async () => {
    const { dict } = written(withoutAdobe(await jpeg('cmyk')));
    expect(read.name(dict.ColorSpace)).toBe('DeviceCMYK');
    expect(dict.Decode).toBeUndefined();
  });

  it('shows a grey JPEG in DeviceGray and a colour one in DeviceRGB', async () => {
    const grey = written(await jpeg('b-w')).dict;
    expect(read.name(grey.ColorSpace)).toBe('DeviceGray');
    expect(grey.Decode).toBeUndefined();
    expect(read.name(written(await jpeg('srgb')).dict.ColorSpace)).toBe('DeviceRGB');
  });

  it('refuses what is not a JPEG', async () => {
    const pdf = new PdfWriter('1.3');
    expect(() => pdf.jpegImage(Buffer.from('not a jpeg'))).toThrow(/not a JPEG/);
    const png = await picture().png().toBuffer();
    expect(() => pdf.jpegImage(png)).toThrow(/not a JPEG/);
  });
});
