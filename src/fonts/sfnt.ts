/**
 * An OpenType/TrueType font file (or one member of a collection) read table by table with
 * positioned reads. Composition needs only the small tables — character map, advances, names,
 * metrics, layout features: a few hundred KB of a 16 MB CJK font — and the outlines are read
 * only by the subsetter, straight into its own memory. Nothing here keeps the whole file.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stampOf } from '../files.js';

export interface TableRecord {
  offset: number;
  length: number;
}

export class SfntError extends Error {}

export class SfntFile {
  private readonly cache = new Map<string, Buffer | null>();

  private constructor(
    readonly file: string,
    /** The file's size and time when it was read (files.ts): a font replaced under the same name is noticed. */
    readonly stamp: string,
    /** Member of a collection (.ttc); 0 for a single font. */
    readonly collectionIndex: number,
    readonly tables: ReadonlyMap<string, TableRecord>,
  ) {}

  /**
   * Opens `file`; for a collection, the member whose PostScript name is `postscriptName`
   * (SfntError naming the members when none is given or none matches).
   */
  static open(file: string, postscriptName?: string): SfntFile {
    return withFile(file, (fd) => {
      const st = fstatSync(fd);
      const stamp = stampOf(st);
      const head = readAt(fd, 0, 12);
      if (head.length < 12) throw new SfntError('it is too short to be a font');
      const tag = head.toString('latin1', 0, 4);
      if (tag !== 'ttcf') return new SfntFile(file, stamp, 0, tableDirectory(fd, 0, st.size));
      const count = head.readUInt32BE(8);
      if (count > MAX_MEMBERS) throw new SfntError(`it claims to be a collection of ${count} fonts, more than the ${MAX_MEMBERS} any font file holds`);
      const offsets = readAt(fd, 12, 4 * count);
      if (offsets.length < 4 * count) throw new SfntError('it is a collection whose list of fonts runs past the end of the file');
      const members = Array.from({ length: count }, (_, i) => new SfntFile(file, stamp, i, tableDirectory(fd, offsets.readUInt32BE(4 * i), st.size)));
      const names = members.map((m) => m.postscriptName());
      const index = names.indexOf(postscriptName ?? '\0');
      if (index < 0) throw new SfntError(`it is a collection; name a member with postscript_name (${names.join(', ')})`);
      return members[index];
    });
  }

  has(tag: string): boolean {
    return this.tables.has(tag);
  }

  /** A whole table, read once and kept; null when the font has none. For small tables only. */
  table(tag: string): Buffer | null {
    let data = this.cache.get(tag);
    if (data === undefined) {
      const rec = this.tables.get(tag);
      data = rec ? withFile(this.file, (fd) => readAt(fd, rec.offset, rec.length)) : null;
      this.cache.set(tag, data);
    }
    return data;
  }

  /** A required table; SfntError when missing. */
  required(tag: string): Buffer {
    const data = this.table(tag);
    if (!data) throw new SfntError(`it has no ${tag} table`);
    return data;
  }

  /** Positioned reads inside one table without reading it whole (TrueType outlines). */
  reader(tag: string): TableReader | null {
    const rec = this.tables.get(tag);
    if (!rec) return null;
    const fd = openSync(this.file, 'r');
    return {
      read: (offset, length) => readAt(fd, rec.offset + offset, Math.max(0, Math.min(length, rec.length - offset))),
      close: () => closeSync(fd),
    };
  }

  /** The name table's PostScript name (name ID 6), '' when it has none. */
  postscriptName(): string {
    const name = this.table('name');
    if (!name) return '';
    const count = name.readUInt16BE(2);
    const strings = name.readUInt16BE(4);
    let mac = '';
    for (let i = 0; i < count; i++) {
      const r = 6 + 12 * i;
      if (r + 12 > name.length || name.readUInt16BE(r + 6) !== 6) continue;
      const [platform, length, offset] = [name.readUInt16BE(r), name.readUInt16BE(r + 8), name.readUInt16BE(r + 10)];
      const bytes = name.subarray(strings + offset, strings + offset + length);
      if (platform === 3 || platform === 0) return Buffer.from(bytes.subarray(0, length & ~1)).swap16().toString('utf16le');
      if (platform === 1) mac = bytes.toString('latin1');
    }
    return mac;
  }
}

export interface TableReader {
  read(offset: number, length: number): Buffer;
  close(): void;
}

function withFile<T>(file: string, use: (fd: number) => T): T {
  const fd = openSync(file, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `position`, fewer only at the end of the file. */
/** Members of a collection: the largest CJK collections hold a few dozen; more is a damaged or hostile file. */
const MAX_MEMBERS = 1024;

export function readAt(fd: number, position: number, length: number, into?: Uint8Array): Buffer {
  const buffer = into ?? Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return Buffer.from(buffer.buffer, buffer.byteOffset, done);
}

/** The table directory of the font starting at `at`; every table must lie inside the file. */
function tableDirectory(fd: number, at: number, fileSize: number): Map<string, TableRecord> {
  const header = readAt(fd, at, 12);
  if (header.length < 12) throw new SfntError('the file is truncated');
  const version = header.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x4f54544f /* OTTO */ && version !== 0x74727565 /* true */) {
    throw new SfntError('it is not an OpenType or TrueType font (WOFF and other wrappers are not read)');
  }
  const count = header.readUInt16BE(4);
  const tables = tableRecords(readAt(fd, at + 12, 16 * count), count);
  for (const [tag, { offset, length }] of tables) {
    if (offset + length > fileSize) throw new SfntError(`its ${tag} table runs past the end of the file (the file is truncated)`);
  }
  return tables;
}

/** The records of a table directory: tag, offset and length of each table. */
export function tableRecords(records: Buffer, count: number): Map<string, TableRecord> {
  if (records.length < 16 * count) throw new SfntError('its table directory runs past the end of the file');
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const r = 16 * i;
    tables.set(records.toString('latin1', r, r + 4), { offset: records.readUInt32BE(r + 8), length: records.readUInt32BE(r + 12) });
  }
  return tables;
}
