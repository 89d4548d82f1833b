/**
 * A move made on the desk, written into the issue file in place: the yaml package's Document
 * API finds the numbers of the frame rectangle or the photo and where they stand in the text,
 * and only those characters change (comments, key order, quoting and spacing stay), through the
 * same in-place edits `paiban plan --write` makes. A move that would leave the type area or
 * overlap another story is refused with the reason, before anything is written.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { inside, overlaps, type GridArea } from '../place/grid-area.js';
import { withLfLineEnds } from '../source/decode-text.js';
import { addPair, applyEdits, pairOf, refuseSharedEdits, setSpan, valueEnd, type Edit } from '../plan/write.js';
import type { DeskArticle, DeskPage, DeskPhoto } from './geometry.js';

/** What is moved: a rectangle of an article's frame, or a photo, by their places in the issue file. */
export type DeskTarget = { kind: 'frame'; page: number; article: number; rect: number } | { kind: 'photo'; page: number; article: number; photo: number };

/** A move: the target's new grid area (for a photo, the picture's, without its caption lines). */
export interface DeskMove {
  target: DeskTarget;
  area: GridArea;
}

/** A move the desk cannot make, and why, in words for the editor. */
export class MoveRefused extends Error {}

const areaText = (a: GridArea) => `columns ${a.columns[0]}–${a.columns[1]}, lines ${a.lines[0]}–${a.lines[1]}`;
const shifted = (a: GridArea, dc: number, dl: number): GridArea => ({ columns: [a.columns[0] + dc, a.columns[1] + dc], lines: [a.lines[0] + dl, a.lines[1] + dl] });
const withCaption = (picture: GridArea, captionLines: number): GridArea => ({ columns: picture.columns, lines: [picture.lines[0], picture.lines[1] + captionLines] });

/** The grid areas a move sets: the target's, and, when a whole frame rectangle is moved, those of the photos standing in it, moved with it. */
export function movesOf(page: DeskPage, move: DeskMove): DeskMove[] {
  const { target, area } = move;
  if (target.kind !== 'frame') return [move];
  const article = articleAt(page, target);
  const frame = article.frames.find((f) => f.rectIndex === target.rect);
  if (!frame) throw new MoveRefused(`this rectangle of ${article.id}'s frame is not written on this page`);
  const [dc, dl] = [area.columns[0] - frame.area.columns[0], area.lines[0] - frame.area.lines[0]];
  const sameSize = area.columns[1] - area.columns[0] === frame.area.columns[1] - frame.area.columns[0] && area.lines[1] - area.lines[0] === frame.area.lines[1] - frame.area.lines[0];
  if (!sameSize || (dc === 0 && dl === 0)) return [move];
  const carried = article.photos.filter((p) => inside(withCaption(p.picture, p.captionLines), [frame.area]));
  return [move, ...carried.map((p): DeskMove => ({ target: { kind: 'photo', page: target.page, article: target.article, photo: p.index }, area: shifted(p.picture, dc, dl) }))];
}

function articleAt(page: DeskPage, target: DeskTarget): DeskArticle {
  const article = page.articles.find((a) => a.path?.page === target.page && a.path.article === target.article);
  if (!article) throw new MoveRefused('that article is not on this page as built; wait for the page to be rebuilt');
  return article;
}

/** Why the moves cannot be made on the page as built, or undefined when they can. */
export function refusal(page: DeskPage, moves: readonly DeskMove[]): string | undefined {
  const { grid } = page;
  const key = (article: number | undefined, kind: DeskTarget['kind'], index: number) => `${article} ${kind} ${index}`;
  const moved = new Map(moves.map(({ target: t, area }) => [key(t.article, t.kind, t.kind === 'frame' ? t.rect : t.photo), area]));
  /** A frame rectangle's or photo's area once the moves are made. */
  const after = (a: DeskArticle, kind: DeskTarget['kind'], index: number | undefined, current: GridArea) => (index === undefined ? current : moved.get(key(a.path?.article, kind, index)) ?? current);
  const framesAfter = page.articles.map((a) => a.frames.map((f) => after(a, 'frame', f.rectIndex, f.area)));
  const photoAfter = (a: DeskArticle, p: DeskPhoto) => withCaption(after(a, 'photo', p.index, p.picture), p.captionLines);
  const offGrid = (a: GridArea) => a.columns[0] < 1 || a.columns[1] > grid.columns || a.lines[0] < 1 || a.lines[1] > grid.lines;
  const offText = (what: string, a: GridArea) => `${what} would leave the type area (columns 1–${grid.columns}, lines 1–${grid.lines}): ${areaText(a)}`;
  for (const { area, target } of moves) {
    const article = articleAt(page, target);
    const k = page.articles.indexOf(article);
    if (target.kind === 'photo') {
      const photo = article.photos[target.photo];
      if (!photo) return `${article.id} has no photo ${target.photo + 1} on this page`;
      const what = `photo ${photo.id ?? photo.index + 1}`;
      const taken = withCaption(area, photo.captionLines);
      if (area.columns[0] > area.columns[1] || area.lines[0] > area.lines[1]) return `${what} would have no size`;
      if (offGrid(taken)) return offText(what, taken);
      if (!inside(taken, framesAfter[k])) return `${what} would stand outside the frame of ${article.id} (${areaText(taken)}, captions included)`;
      const other = article.photos.find((p) => p !== photo && overlaps(taken, photoAfter(article, p)));
      if (other) return `${what} would overlap photo ${other.id ?? other.index + 1}`;
      continue;
    }
    const what = `the frame of ${article.id}`;
    if (area.columns[0] > area.columns[1] || area.lines[0] > area.lines[1]) return `${what} would have no size`;
    if (offGrid(area)) return offText(what, area);
    for (const [j, frames] of framesAfter.entries()) {
      const hit = frames.findIndex((f, r) => !(j === k && page.articles[j].frames[r].rectIndex === target.rect) && overlaps(area, f));
      if (hit >= 0) return `${what} would overlap ${j === k ? 'another rectangle of its own frame' : `the frame of ${page.articles[j].id}`}`;
    }
    const ad = page.ads.find((a) => overlaps(area, a.area));
    if (ad) return `${what} would overlap the advertisement ${ad.id}`;
    // A frame made smaller keeps the photos standing in it.
    const left = article.photos.find((p) => !inside(photoAfter(article, p), framesAfter[k]));
    if (left) return `${what} would leave photo ${left.id ?? left.index + 1} outside it`;
  }
  return undefined;
}

/** The issue file's text with the moves written in. */
export function withMoves(fileText: string, moves: readonly DeskMove[]): string {
  const text = withLfLineEnds(fileText);
  const doc = parseDocument(text, { keepSourceTokens: false });
  const edits: Edit[] = [];
  for (const { target, area } of moves) {
    const articlePath = ['pages', target.page, 'articles', target.article];
    if (target.kind === 'frame') {
      const frame = doc.getIn([...articlePath, 'frame'], true);
      const rect = isSeq(frame) ? frame.items[target.rect] : target.rect === 0 ? frame : undefined;
      const columns = isMap(rect) ? pairOf(rect, 'columns') : undefined;
      const lines = isMap(rect) ? pairOf(rect, 'lines') : undefined;
      if (!columns || !lines) throw new MoveRefused(`pages[${target.page}].articles[${target.article}].frame has no rectangle ${target.rect + 1} written as { columns, lines }`);
      setSpan(text, edits, columns, area.columns);
      setSpan(text, edits, lines, area.lines);
      continue;
    }
    const photo = mapAt(doc, [...articlePath, 'photos', target.photo]);
    setNumber(text, edits, photo, 'columns', area.columns[1] - area.columns[0] + 1);
    setNumber(text, edits, photo, 'lines', area.lines[1] - area.lines[0] + 1);
    const at = pairOf(photo, 'at');
    if (at && isMap(at.value)) {
      setNumber(text, edits, at.value, 'column', area.columns[0]);
      setNumber(text, edits, at.value, 'line', area.lines[0]);
    } else if (at) edits.push({ start: at.key.range![1], end: valueEnd(text, at.value), text: `: { column: ${area.columns[0]}, line: ${area.lines[0]} }` });
    else addPair(text, edits, photo, `at: { column: ${area.columns[0]}, line: ${area.lines[0]} }`);
  }
  refuseSharedEdits(doc, text, edits);
  return applyEdits(fileText, edits);
}

function mapAt(doc: Document, path: (string | number)[]): YAMLMap {
  const node = doc.getIn(path, true);
  if (!isMap(node)) throw new MoveRefused(`${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1)} is not in the issue file as a map`);
  return node;
}

/** Sets a number in a map in place, or adds the key. */
function setNumber(text: string, edits: Edit[], map: YAMLMap, key: string, value: number): void {
  const pair = pairOf(map, key);
  if (!pair) return addPair(text, edits, map, `${key}: ${value}`);
  if (isScalar(pair.value) && pair.value.value === value) return;
  edits.push({ start: pair.value.range![0], end: valueEnd(text, pair.value), text: String(value) });
}
