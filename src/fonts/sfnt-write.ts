/**
 * Writes an OpenType/TrueType font file from its tables: the table directory (tags in order,
 * checksums) and the head table's checksum adjustment, as the specification asks.
 */

/** The sum of a table's big-endian 32-bit words, the last one padded with zeros. */
export function tableChecksum(table: Uint8Array): number {
  let sum = 0;
  const whole = table.length & ~3;
  const view = new DataView(table.buffer, table.byteOffset, table.length);
  for (let at = 0; at < whole; at += 4) sum = (sum + view.getUint32(at)) >>> 0;
  let last = 0;
  for (let at = whole; at < table.length; at++) last |= table[at] << (24 - 8 * (at - whole));
  return (sum + last) >>> 0;
}

/**
 * The font file of `tables` (tag → data), its version `flavor` (0x00010000 for TrueType outlines,
 * 'OTTO' for CFF). A head table is copied and given the file's checksum adjustment.
 */
export function sfntFile(flavor: number, tables: ReadonlyMap<string, Uint8Array>): Buffer {
  const tags = [...tables.keys()].sort();
  const count = tags.length;
  const log2 = Math.floor(Math.log2(count));
  const directorySize = 12 + 16 * count;
  let size = directorySize;
  for (const tag of tags) size += (tables.get(tag)!.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(16 << log2, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(16 * count - (16 << log2), 10);
  let at = directorySize;
  let head = -1;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    out.set(data, at);
    if (tag === 'head') {
      head = at;
      out.writeUInt32BE(0, at + 8);
    }
    const record = 12 + 16 * i;
    out.write(tag, record, 'latin1');
    out.writeUInt32BE(tableChecksum(out.subarray(at, at + data.length)), record + 4);
    out.writeUInt32BE(at, record + 8);
    out.writeUInt32BE(data.length, record + 12);
    at += (data.length + 3) & ~3;
  });
  if (head >= 0) out.writeUInt32BE((0xb1b0afba - tableChecksum(out)) >>> 0, head + 8);
  return out;
}
