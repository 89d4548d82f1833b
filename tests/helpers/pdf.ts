import { readFileSync } from 'node:fs';

/** A page box as written in the page dictionary (page dictionaries are not compressed). */
export function pageBox(file: string, box: 'TrimBox' | 'BleedBox' | 'MediaBox'): number[] | undefined {
  const m = new RegExp(`/${box} \\[([^\\]]+)\\]`).exec(readFileSync(file, 'latin1'));
  return m?.[1].trim().split(/\s+/).map(Number);
}

export const strip = (s: string) => s.replace(/\s+/g, '');
