/**
 * The desk's script, run in the browser. It draws what the server sends (BuildState: the page
 * model's geometry in points and grid terms) over the page image, and turns drags, arrow keys
 * and undo into moves that it POSTs to the server, which checks and writes them. Nothing here
 * decides whether a move is allowed: a refusal comes back with its reason, shown at the pointer.
 */
export const DESK_SCRIPT = String.raw`
'use strict';
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
let state = null;
let current = 0;
let selected = null; // { article: index in page.articles, frame: index in its frames }
let highlight = null; // { page, rect, diagnostic }
let drag = null;
let ghost = null; // the area last sent, drawn until the build after it arrives
// A write not yet built ({ from: the stamp the move was made on }) and a move made meanwhile,
// sent once the build of the write arrives: a second quick move is not refused as stale.
let awaited = null;
let held = null;
let pointer = { x: 0, y: 0 };

function el(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}

// Grid geometry, in points from the trim's top-left, as the layout defines it.
const step = (g) => g.columnWidth + g.gutter;
const columnLeft = (g, c) => g.left + (c - 1) * step(g);
const lineTop = (g, l) => g.top + (l - 1) * g.pitch;
function areaRect(g, a) {
  const x = columnLeft(g, a.columns[0]);
  const y = lineTop(g, a.lines[0]);
  return { x: x, y: y, width: columnLeft(g, a.columns[1]) + g.columnWidth - x, height: (a.lines[1] - a.lines[0]) * g.pitch + g.bodySize };
}
const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
const sameArea = (a, b) => a.columns[0] === b.columns[0] && a.columns[1] === b.columns[1] && a.lines[0] === b.lines[0] && a.lines[1] === b.lines[1];
const areaText = (a) => 'c' + a.columns.join('-') + ' l' + a.lines.join('-');

function page() { return state && state.pages[current]; }

/** Media box margin around the trim, in points, from the image's size. */
function margin(img) {
  const p = page();
  return img && img.naturalWidth ? (img.naturalWidth * 72 / state.dpi - p.width) / 2 : 0;
}

function show(next) {
  const first = !state;
  state = next;
  if (first) current = next.visible;
  current = clamp(current, 0, Math.max(0, state.pages.length - 1));
  const s = $('status');
  s.className = state.phase === 'building' ? 'building' : state.ok ? '' : 'failed';
  $('state').textContent = state.phase === 'building' ? 'building…' : state.phase === 'drawing' ? 'drawing pages…' : (state.ok ? 'built' : 'build failed') + ' (build ' + state.version + ')';
  $('timing').textContent = state.version ? 'built in ' + Math.round(state.buildMs) + ' ms' + (state.firstPageMs ? ' · page shown after ' + Math.round(state.firstPageMs) + ' ms' : '') : '';
  const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = state.diagnostics.length - errors;
  $('counts').textContent = (errors ? errors + ' error' + (errors > 1 ? 's' : '') + ' ' : '') + (warnings ? warnings + ' warning' + (warnings > 1 ? 's' : '') : '');
  if (state.phase !== 'building') ghost = null;
  thumbs();
  pageImage();
  diagnostics();
  fits();
  side();
  proposals();
  // A failed build keeps the stamp it had: the held move is then sent and refused as stale, said.
  if (awaited && state.phase !== 'building' && (state.stamp !== awaited.from || !state.ok)) sendHeld();
}

function sendHeld() {
  awaited = null;
  const next = held;
  held = null;
  if (next) move(next.what, next.area);
}

function thumbs() {
  const nav = $('thumbs');
  state.pages.forEach((p, i) => {
    let fig = nav.children[i];
    if (!fig) {
      fig = document.createElement('figure');
      fig.appendChild(document.createElement('img'));
      fig.appendChild(document.createElement('figcaption'));
      fig.onclick = () => turnTo(Number(fig.dataset.index));
      nav.appendChild(fig);
    }
    fig.dataset.index = i;
    fig.className = i === current ? 'current' : '';
    fig.lastChild.textContent = '第' + p.number + '版' + (p.section ? ' ' + p.section : '');
    const v = state.images[i];
    if (v && fig.dataset.version !== String(v)) {
      fig.dataset.version = v;
      fig.firstChild.src = '/page/' + i + '.jpg?v=' + v;
    }
  });
  while (nav.children.length > state.pages.length) nav.lastChild.remove();
}

function turnTo(i) {
  if (i === current) return;
  current = i;
  selected = null;
  post('/view', { page: i });
  show(state);
}

/** The page on the desk: the new image replaces the old once loaded, so the page never flashes blank. */
function pageImage() {
  const sheet = $('sheet');
  const old = sheet.querySelector('img');
  const v = state.images[current];
  const src = '/page/' + current + '.jpg?v=' + v;
  if (!v || (old && old.dataset.src === src)) return overlay();
  const img = new Image();
  img.dataset.src = src;
  img.alt = 'page ' + (page() ? page().number : '');
  img.onload = () => {
    if (img.dataset.src !== '/page/' + current + '.jpg?v=' + state.images[current]) return;
    const now = sheet.querySelector('img');
    if (now) now.replaceWith(img); else sheet.prepend(img);
    fit();
    overlay();
    document.body.dataset.version = v;
    document.body.dataset.page = current;
  };
  img.src = src;
}

/** The page as large as the stage allows, whole. */
function fit() {
  const img = $('sheet').querySelector('img');
  if (!img || !img.naturalWidth) return;
  const stage = $('stage');
  const scale = Math.min((stage.clientWidth - 24) / img.naturalWidth, (stage.clientHeight - 24) / img.naturalHeight);
  $('sheet').style.width = Math.round(img.naturalWidth * scale) + 'px';
  $('sheet').style.height = Math.round(img.naturalHeight * scale) + 'px';
}
window.addEventListener('resize', () => { fit(); });

function overlay() {
  const svg = $('overlay');
  const img = $('sheet').querySelector('img');
  const p = page();
  svg.replaceChildren();
  if (!p || !img || !img.naturalWidth) return;
  const m = margin(img);
  svg.setAttribute('viewBox', '0 0 ' + (p.width + 2 * m) + ' ' + (p.height + 2 * m));
  const g = el('g', { transform: 'translate(' + m + ' ' + m + ')' }, svg);
  const grid = p.grid;
  if ($('show-grid').checked || drag) {
    for (let c = 1; c <= grid.columns; c++) el('rect', { class: 'column', x: columnLeft(grid, c), y: lineTop(grid, 1), width: grid.columnWidth, height: (grid.lines - 1) * grid.pitch + grid.bodySize }, g);
  }
  p.articles.forEach((a, k) => {
    const group = el('g', { class: selected && selected.article === k ? 'selected' : '', 'data-id': a.id }, g);
    a.frames.forEach((f, r) => {
      const rect = el('rect', { class: 'frame' + (selected && selected.article === k ? ' selected' : ''), x: f.rect.x, y: f.rect.y, width: f.rect.width, height: f.rect.height, 'data-article': k, 'data-frame': r }, group);
      rect.addEventListener('pointerdown', (e) => startDrag(e, { kind: 'frame', article: k, frame: r }));
    });
    if (a.overset) {
      // Text that does not fit: marked at the foot of the frame's last rectangle, as the proof does.
      const last = a.frames[a.frames.length - 1].rect;
      const mark = el('text', { class: 'overset', x: last.x + last.width - 2, y: last.y + last.height - 3, 'text-anchor': 'end' }, group);
      mark.textContent = '⊞ +' + a.overset;
    }
    a.photos.forEach((ph, i) => {
      const r = areaRect(grid, ph.picture);
      const rect = el('rect', { class: 'photo', x: r.x, y: r.y, width: r.width, height: r.height, 'data-article': k, 'data-photo': i }, group);
      rect.addEventListener('pointerdown', (e) => startDrag(e, { kind: 'photo', article: k, photo: i, corner: null }));
      if (selected && selected.article === k) {
        const size = 6 / scaleOf(svg);
        for (const corner of ['nw', 'ne', 'sw', 'se']) {
          const x = corner[1] === 'w' ? r.x : r.x + r.width;
          const y = corner[0] === 'n' ? r.y : r.y + r.height;
          const h = el('rect', { class: 'handle ' + corner, x: x - size / 2, y: y - size / 2, width: size, height: size, 'data-article': k, 'data-photo': i, 'data-corner': corner }, group);
          h.addEventListener('pointerdown', (e) => startDrag(e, { kind: 'photo', article: k, photo: i, corner: corner }));
        }
      }
    });
  });
  const shown = drag && drag.area ? drag : ghost && ghost.page === current ? ghost : null;
  if (shown) {
    const r = areaRect(grid, shown.area);
    el('rect', { class: 'ghost', x: r.x, y: r.y, width: r.width, height: r.height }, g);
  }
  if (highlight && highlight.page === current) {
    const r = highlight.rect;
    el('rect', { class: 'highlight', x: r.x - 2, y: r.y - 2, width: r.width + 4, height: r.height + 4, 'stroke-width': 3 / scaleOf(svg) }, g);
  }
}

/** Screen pixels per point of the overlay. */
function scaleOf(svg) {
  const box = svg.viewBox.baseVal;
  return box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
}

/** A pointer event's place in points from the trim's top-left. */
function pointOf(e) {
  const svg = $('overlay');
  const box = svg.getBoundingClientRect();
  const s = scaleOf(svg);
  const m = margin($('sheet').querySelector('img'));
  return { x: (e.clientX - box.left) / s - m, y: (e.clientY - box.top) / s - m };
}

function startDrag(e, what) {
  if (e.button !== 0) return;
  $('tip').style.display = 'none';
  e.preventDefault();
  e.stopPropagation();
  const p = page();
  const a = p.articles[what.article];
  if (selected === null || selected.article !== what.article || (what.kind === 'frame' && selected.frame !== what.frame)) {
    selected = { article: what.article, frame: what.kind === 'frame' ? what.frame : 0 };
    side();
  }
  const start = pointOf(e);
  let edge = null;
  if (what.kind === 'frame') {
    // Near an edge (within 6 pixels): that edge is dragged; elsewhere the whole rectangle.
    const r = a.frames[what.frame].rect;
    const tol = 6 / scaleOf($('overlay'));
    edge = Math.abs(start.x - r.x) < tol ? 'w' : Math.abs(start.x - r.x - r.width) < tol ? 'e' : Math.abs(start.y - r.y) < tol ? 'n' : Math.abs(start.y - r.y - r.height) < tol ? 's' : null;
  } else edge = what.corner;
  const from = what.kind === 'frame' ? a.frames[what.frame].area : a.photos[what.photo].picture;
  drag = Object.assign({}, what, { edge: edge, start: start, from: from, area: null, id: e.pointerId });
  $('overlay').setPointerCapture(e.pointerId);
  overlay();
}

/** The area the drag gives: snapped to the grid's columns and lines. */
function dragged(p) {
  const g = page().grid;
  const a = { columns: drag.from.columns.slice(), lines: drag.from.lines.slice() };
  if (!drag.edge) {
    const dc = Math.round((p.x - drag.start.x) / step(g));
    const dl = Math.round((p.y - drag.start.y) / g.pitch);
    return { columns: [a.columns[0] + dc, a.columns[1] + dc], lines: [a.lines[0] + dl, a.lines[1] + dl] };
  }
  const e = drag.edge;
  if (e.includes('w')) a.columns[0] = clamp(Math.round((p.x - g.left) / step(g)) + 1, 0, a.columns[1]);
  if (e.includes('e')) a.columns[1] = clamp(Math.round((p.x - g.left + g.gutter) / step(g)), a.columns[0], g.columns + 1);
  if (e.includes('n')) a.lines[0] = clamp(Math.round((p.y - g.top) / g.pitch) + 1, 0, a.lines[1]);
  if (e.includes('s')) a.lines[1] = clamp(Math.round((p.y - g.top - g.bodySize) / g.pitch) + 1, a.lines[0], g.lines + 1);
  return a;
}

$('overlay').addEventListener('pointermove', (e) => {
  pointer = { x: e.clientX, y: e.clientY };
  if (!drag) return;
  const area = dragged(pointOf(e));
  area.columns = area.columns.map((c) => Math.max(0, c));
  area.lines = area.lines.map((l) => Math.max(0, l));
  if (!drag.area || !sameArea(area, drag.area)) {
    drag.area = area;
    overlay();
  }
});

$('overlay').addEventListener('pointerup', (e) => {
  if (!drag) return;
  const done = drag;
  drag = null;
  pointer = { x: e.clientX, y: e.clientY };
  if (done.area && !sameArea(done.area, done.from)) move(done, done.area);
  else overlay();
});

/** Clicking the page outside every frame clears the selection. */
$('overlay').addEventListener('pointerdown', () => {
  if (drag) return;
  selected = null;
  side();
  overlay();
});

function move(what, area) {
  const a = page().articles[what.article];
  if (!a.path) return refused('this part of the story is written on the page where it starts');
  const target = what.kind === 'frame'
    ? { kind: 'frame', page: a.path.page, article: a.path.article, rect: a.frames[what.frame].rectIndex }
    : { kind: 'photo', page: a.path.page, article: a.path.article, photo: a.photos[what.photo].index };
  if (what.kind === 'frame' && target.rect === undefined) return refused('this frame is placed automatically: give the article a frame in the issue file to move it');
  ghost = { page: current, area: area, what: what };
  overlay();
  if (awaited) {
    held = { what: what, area: area };
    return;
  }
  awaited = { from: state.stamp };
  post('/move', { stamp: state.stamp, target: target, area: area }).then(written);
}

function written(r) {
  if (!r.ok) {
    awaited = null;
    held = null;
  } else if (awaited && r.stamp === awaited.from) sendHeld(); // nothing changed: no build to wait for
  if (r.ok) {
    $('tip').style.display = 'none';
    $('state').textContent = 'written · building…';
    return;
  }
  ghost = null;
  overlay();
  refused(r.reason);
}

function refused(reason) {
  const tip = $('tip');
  tip.textContent = reason;
  tip.style.left = Math.min(pointer.x + 12, window.innerWidth - 370) + 'px';
  tip.style.top = pointer.y + 16 + 'px';
  tip.style.display = 'block';
  document.body.dataset.refused = reason;
  clearTimeout(refused.timer);
  refused.timer = setTimeout(() => { tip.style.display = 'none'; }, 5000);
}

function post(path, body) {
  return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then((r) => (r.status === 204 ? { ok: true } : r.headers.get('content-type') === 'application/json' ? r.json() : r.text().then((t) => ({ ok: false, reason: t.trim() }))))
    .catch((e) => ({ ok: false, reason: 'the watch server does not answer (' + e.message + ')' }));
}

function side() {
  const box = $('selection');
  const p = page();
  const a = selected && p ? p.articles[selected.article] : null;
  if (!a) {
    box.textContent = 'Click an article on the page.';
    return;
  }
  const dl = document.createElement('dl');
  const row = (k, v) => {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  };
  row('article', a.id);
  row('title', a.title);
  row('fit', a.fit);
  a.frames.forEach((f, r) => row(r === selected.frame ? 'frame ▸' : 'frame', areaText(f.area) + (f.rectIndex === undefined ? ' (not movable here)' : '')));
  a.photos.forEach((ph) => row('photo', (ph.id || '#' + (ph.index + 1)) + ' ' + areaText(ph.picture) + (ph.captionLines ? ' + ' + ph.captionLines + ' caption lines' : '')));
  box.replaceChildren(dl);
  const hint = document.createElement('p');
  hint.textContent = 'Drag a frame, its edge, a photo or a photo corner; arrows move the frame by a column or a line.';
  box.appendChild(hint);
  box.dataset.article = a.id;
  overlay();
}

/** plan's proposals for the page on the desk, best first, each with a button that writes its frames into the issue file. */
function proposals() {
  const box = $('proposals');
  const made = state.proposals.find((p) => p.page === current);
  if (!made) {
    box.textContent = 'The page says no makeup: auto and has no article without a frame.';
    return;
  }
  const rows = made.proposals.map((p, k) => {
    const row = document.createElement('div');
    row.className = 'proposal' + (made.stamp === state.stamp ? '' : ' old');
    row.textContent = p.text;
    const button = document.createElement('button');
    button.textContent = 'write proposal ' + (k + 1) + ' into the issue file';
    button.dataset.proposal = String(k + 1);
    button.onclick = () => post('/plan', { stamp: made.stamp, page: current, proposal: k + 1 }).then(written);
    row.appendChild(button);
    return row;
  });
  if (!rows.length) box.textContent = 'plan found no layout for the page.';
  else box.replaceChildren(...rows);
  if (made.stamp !== state.stamp) box.prepend('Proposals for the file as it was; new ones follow the build.');
}

/** The fit of each article, where it starts; a click selects it on its page. */
function fits() {
  const rows = [];
  state.pages.forEach((p, i) => p.articles.forEach((a, k) => {
    if (!a.path) return;
    const row = document.createElement('div');
    row.className = 'fit' + (a.overset ? ' overset' : '');
    const id = document.createElement('b');
    id.textContent = a.id;
    row.append('p' + p.number + ' ', id, '  ' + a.fit);
    row.onclick = () => {
      turnTo(i);
      selected = { article: k, frame: 0 };
      side();
    };
    rows.push(row);
  }));
  $('report').replaceChildren(...rows);
}

function diagnostics() {
  const list = $('diagnostics');
  list.replaceChildren(...state.diagnostics.map((d, i) => {
    const li = document.createElement('li');
    li.className = d.severity + (d.place ? ' placed' : '') + (highlight && highlight.diagnostic === d.text ? ' shown' : '');
    // The file and line are given under the message, shorter.
    li.textContent = d.file && d.text.startsWith(d.file) ? d.text.slice(d.text.indexOf(': ', d.file.length) + 2) : d.text;
    if (d.file) {
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = d.file.split('/').pop() + (d.line !== undefined ? ':' + d.line : '') + (d.place ? ' · ' + d.place.what + ' on 第' + state.pages[d.place.page].number + '版' : '');
      li.appendChild(where);
    }
    if (d.place) li.onclick = () => {
      highlight = { page: d.place.page, rect: d.place.rect, diagnostic: d.text };
      if (d.place.page !== current) turnTo(d.place.page);
      diagnostics();
      overlay();
      const h = $('overlay').querySelector('.highlight');
      if (h) h.scrollIntoView({ block: 'nearest' });
    };
    return li;
  }));
}

document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement) return;
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && (key === 'z' || key === 'y')) {
    e.preventDefault();
    post(key === 'y' || e.shiftKey ? '/redo' : '/undo', {}).then(written);
    return;
  }
  const arrows = { arrowleft: [-1, 0], arrowright: [1, 0], arrowup: [0, -1], arrowdown: [0, 1] };
  if (!arrows[key] || !selected || !page()) return;
  e.preventDefault();
  const a = page().articles[selected.article];
  const f = a.frames[selected.frame];
  const [dc, dl] = arrows[key];
  // A move sent and not yet built counts: two quick presses move two steps.
  const from = ghost && ghost.what && ghost.what.kind === 'frame' && ghost.what.article === selected.article && ghost.what.frame === selected.frame ? ghost.area : f.area;
  const r = $('overlay').querySelector('[data-article="' + selected.article + '"][data-frame="' + selected.frame + '"]');
  if (r) {
    const box = r.getBoundingClientRect();
    pointer = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }
  move({ kind: 'frame', article: selected.article, frame: selected.frame }, { columns: [from.columns[0] + dc, from.columns[1] + dc], lines: [Math.max(0, from.lines[0] + dl), from.lines[1] + dl] });
});

$('undo').onclick = () => post('/undo', {}).then(written);
$('redo').onclick = () => post('/redo', {}).then(written);
$('show-grid').onchange = () => overlay();

new EventSource('/events').onmessage = (e) => show(JSON.parse(e.data));
`;
