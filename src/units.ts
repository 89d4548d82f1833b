/** Lengths in layouts: a number (points) or a string with a unit. */
const PER_UNIT: Record<string, number> = { pt: 1, mm: 72 / 25.4, cm: 720 / 25.4, in: 72 };

export function toPoints(length: number | string): number {
  if (typeof length === 'number') return length;
  const m = /^(\d+(?:\.\d+)?)\s*(pt|mm|cm|in)$/.exec(length.trim());
  if (!m) throw new Error(`not a length: ${length}`);
  return Number(m[1]) * PER_UNIT[m[2]];
}

export const mm = (v: number): number => v * PER_UNIT.mm;

/** Points in millimetres, for messages. */
export const inMm = (pt: number): number => pt / PER_UNIT.mm;
