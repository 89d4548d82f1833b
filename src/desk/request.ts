/** The desk's writes as its browser sends them, checked field by field before anything reads them. */
import type { Span } from '../place/grid-area.js';
import type { DeskMove } from './edit.js';

/** Grid numbers and indexes are small whole numbers. */
const LIMIT = 100_000;
const whole = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= LIMIT;
const span = (v: unknown): v is Span => Array.isArray(v) && v.length === 2 && v.every(whole);

/** The move and the stamp it was made on, or what is wrong with the request. */
export function moveRequest(json: unknown): (DeskMove & { stamp: string }) | string {
  const r = json as { stamp?: unknown; target?: Record<string, unknown>; area?: { columns?: unknown; lines?: unknown } } | null;
  if (typeof r?.stamp !== 'string' || r.stamp.length > 64) return 'stamp: the stamp of the issue file the move was made on';
  const t = r.target;
  if (!t || !whole(t.page) || !whole(t.article)) return 'target: { kind, page, article, rect | photo }';
  let target: DeskMove['target'];
  if (t.kind === 'frame' && whole(t.rect)) target = { kind: 'frame', page: t.page, article: t.article, rect: t.rect };
  else if (t.kind === 'photo' && whole(t.photo)) target = { kind: 'photo', page: t.page, article: t.article, photo: t.photo };
  else return 'target: kind "frame" with rect, or "photo" with photo';
  if (!span(r.area?.columns) || !span(r.area?.lines)) return 'area: { columns: [first, last], lines: [first, last] }';
  return { stamp: r.stamp, target, area: { columns: [r.area.columns[0], r.area.columns[1]], lines: [r.area.lines[0], r.area.lines[1]] } };
}

/** A proposal of plan's to write: the page's index, the proposal's number (from 1) and the stamp the proposals were made on. */
export function proposalRequest(json: unknown): { stamp: string; page: number; proposal: number } | string {
  const r = json as { stamp?: unknown; page?: unknown; proposal?: unknown } | null;
  if (typeof r?.stamp !== 'string' || r.stamp.length > 64) return 'stamp: the stamp of the issue file the proposals were made on';
  if (!whole(r.page)) return 'page: the index of a page of the issue';
  if (!whole(r.proposal) || r.proposal < 1) return 'proposal: the number of a proposal, from 1';
  return { stamp: r.stamp, page: r.page, proposal: r.proposal };
}
