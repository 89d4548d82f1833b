/**
 * The advertising department's booking list (广告排期): a CSV file beside the issue, one booked
 * advertisement a row — its id, file, size in columns and grid lines, and where it is wished:
 * a page or a section, and a corner. Placement puts them on the pages before the news.
 */
import { readFileCapped, readProblemText } from '../files.js';
import { decodeText } from '../source/decode-text.js';
import type { DiagnosticList } from '../diagnostics.js';
import type { Booking, Place } from './model.js';

const MAX_BOOKINGS_BYTES = 1024 * 1024;
const COLUMNS = ['id', 'file', 'columns', 'lines', 'page', 'section', 'position'] as const;
const REQUIRED = ['id', 'file', 'columns', 'lines'];
const POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;

interface Reader {
  dir: string;
  insideIssue(given: string, path: (string | number)[]): string | undefined;
  adFile(given: string, at: Place, path: (string | number)[]): string | undefined;
  diags: DiagnosticList;
  /** Where the issue file names the list. */
  at: Place;
}

/** The fields of one CSV line: commas part them; a field in double quotes may hold commas, and "" is a quote. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      for (i++; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') (value += '"', i++);
        else if (line[i] === '"') break;
        else value += line[i];
      }
      fields.push(value);
      i = line.indexOf(',', i) < 0 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const end = line.indexOf(',', i) < 0 ? line.length : line.indexOf(',', i);
      fields.push(line.slice(i, end).trim());
      i = end + 1;
    }
  }
  return fields;
}

export function readBookings(given: string, path: (string | number)[], r: Reader): Booking[] {
  const full = r.insideIssue(given, path);
  if (!full) return [];
  if (!/\.csv$/i.test(given)) {
    r.diags.error(`the booking list "${given}" is not a .csv file`, r.at);
    return [];
  }
  const read = readFileCapped(full, MAX_BOOKINGS_BYTES);
  if (!('bytes' in read)) {
    r.diags.error(readProblemText(`booking list "${given}"`, read, MAX_BOOKINGS_BYTES), r.at);
    return [];
  }
  const decoded = decodeText(read.bytes, 'utf-8');
  if ('badByte' in decoded) {
    r.diags.error(`booking list "${given}" is not valid UTF-8: bad byte at offset ${decoded.badByte}, line ${decoded.line}`, r.at);
    return [];
  }
  const lines = decoded.text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const header = csvFields(lines[0] ?? '');
  const place = (line: number, column?: string): Place => ({ file: full, line: line + 1, field: column });
  for (const name of header) if (!(COLUMNS as readonly string[]).includes(name)) r.diags.error(`unknown column "${name}"; the columns are ${COLUMNS.join(', ')}`, place(0));
  for (const name of REQUIRED) if (!header.includes(name)) r.diags.error(`missing column "${name}"`, place(0));
  if (r.diags.items.some((d) => d.severity === 'error' && d.file === full)) return [];
  const bookings: Booking[] = [];
  lines.forEach((text, n) => {
    if (n === 0 || !text.trim()) return;
    const values = new Map(header.map((h, k) => [h, csvFields(text)[k] ?? '']));
    const value = (name: string) => values.get(name) || undefined;
    const whole = (name: string, min: number, max: number, required: boolean): number | undefined => {
      const v = value(name);
      if (v === undefined) {
        if (required) r.diags.error(`${name} is empty`, place(n, name));
        return undefined;
      }
      const x = Number(v);
      if (!Number.isInteger(x) || x < min || x > max) r.diags.error(`${name} must be a whole number from ${min} to ${max}, not "${v}"`, place(n, name));
      return x;
    };
    const id = value('id');
    if (!id || !/^[A-Za-z0-9_-]+$/.test(id)) r.diags.error(`id must be letters, digits, _ and - only, not "${id ?? ''}"`, place(n, 'id'));
    if (id && bookings.some((b) => b.id === id)) r.diags.error(`booking id "${id}" is used twice`, place(n, 'id'));
    const position = value('position');
    if (position !== undefined && !(POSITIONS as readonly string[]).includes(position)) r.diags.error(`position must be one of ${POSITIONS.join(', ')}, not "${position}"`, place(n, 'position'));
    const columns = whole('columns', 1, 100, true);
    const height = whole('lines', 1, 1000, true);
    const page = whole('page', 1, 999, false);
    const fileName = value('file');
    const file = fileName === undefined ? (r.diags.error('file is empty', place(n, 'file')), undefined) : r.adFile(fileName, place(n, 'file'), [...path, n, 'file']);
    if (!id || !file || columns === undefined || height === undefined) return;
    bookings.push({ id, file, columns, lines: height, page, section: value('section'), position: position as Booking['position'], at: place(n) });
  });
  return bookings;
}
