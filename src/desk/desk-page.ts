/**
 * The editor's desk, as `paiban watch` serves it: the pages as numbered thumbnails, the page
 * being worked on large with its frames and photos drawn over it from the page model, a slim
 * status line, and a side panel with the selected article, the diagnostics, the fit report and,
 * for a page that plan lays out, its proposals, each to be written into the issue file.
 */
import { DESK_SCRIPT } from './desk-script.js';

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; height: 100vh; display: grid; grid-template-rows: 26px 1fr; font: 13px system-ui, sans-serif; background: #d6d6d6; color: #222; overflow: hidden; }
  #status { display: flex; gap: 12px; align-items: center; padding: 0 10px; background: #f4f4f4; border-bottom: 1px solid #aaa; white-space: nowrap; overflow: hidden; }
  #status.building #state { color: #8a5a00; }
  #status.failed { background: #fde0e0; }
  #status .spacer { flex: 1; }
  #status button, #status label { font: inherit; }
  #desk { display: grid; grid-template-columns: 112px 1fr 380px; min-height: 0; }
  #thumbs { overflow-y: auto; padding: 8px; background: #c8c8c8; border-right: 1px solid #aaa; }
  #thumbs figure { margin: 0 0 10px; cursor: pointer; text-align: center; }
  #thumbs img { width: 100%; background: #fff; box-shadow: 0 1px 3px #0006; outline: 3px solid transparent; }
  #thumbs figure.current img { outline-color: #1a66ff; }
  #thumbs figcaption { font-size: 12px; margin-top: 2px; }
  #stage { overflow: auto; padding: 12px; min-width: 0; }
  #sheet { position: relative; margin: 0 auto; background: #fff; box-shadow: 0 1px 6px #0007; }
  #sheet img { display: block; width: 100%; height: 100%; }
  #overlay { position: absolute; inset: 0; width: 100%; height: 100%; touch-action: none; }
  #overlay .frame { fill: transparent; stroke: rgba(26, 102, 255, 0.35); cursor: move; }
  #overlay .frame.selected { stroke: #1a66ff; fill: rgba(26, 102, 255, 0.06); }
  #overlay .photo { fill: transparent; stroke: rgba(0, 150, 80, 0.5); cursor: move; }
  #overlay .selected .photo, #overlay .photo.selected { stroke: #00964f; }
  #overlay .handle { fill: #fff; stroke: #00964f; cursor: nwse-resize; }
  #overlay .handle.ne, #overlay .handle.sw { cursor: nesw-resize; }
  #overlay .column { fill: rgba(150, 60, 220, 0.06); stroke: rgba(150, 60, 220, 0.35); pointer-events: none; }
  #overlay .ghost { fill: rgba(26, 102, 255, 0.15); stroke: #1a66ff; stroke-dasharray: 4 3; pointer-events: none; }
  #overlay .overset { fill: #e60000; font: bold 11px system-ui, sans-serif; pointer-events: none; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
  #overlay .highlight { fill: rgba(255, 140, 0, 0.18); stroke: #ff8c00; pointer-events: none; }
  #side { overflow-y: auto; background: #fafafa; border-left: 1px solid #aaa; padding: 8px 10px; }
  #side h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #666; margin: 12px 0 4px; }
  #report .fit { white-space: pre-wrap; font-size: 12px; padding: 2px 4px; border-bottom: 1px solid #eee; cursor: pointer; }
  #report .fit:hover { background: #eef3ff; }
  #report .fit.overset { color: #b00; }
  #selection dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; }
  #selection dt { color: #666; }
  #selection dd { margin: 0; }
  #diagnostics { list-style: none; margin: 0; padding: 0; }
  #diagnostics li { padding: 3px 4px; border-bottom: 1px solid #eee; font-size: 12px; }
  #diagnostics li.error { color: #b00; }
  #diagnostics li.warning { color: #8a5a00; }
  #diagnostics li.placed { cursor: pointer; }
  #diagnostics li.placed:hover, #diagnostics li.shown { background: #fff1dc; }
  #diagnostics .where { display: block; color: #666; font-family: monospace; }
  #proposals .proposal { white-space: pre-wrap; font: 11px monospace; padding: 4px; border-bottom: 1px solid #eee; }
  #proposals .proposal button { display: block; margin-top: 3px; font: 12px system-ui, sans-serif; }
  #proposals .old { color: #888; }
  #tip { position: fixed; display: none; max-width: 360px; padding: 4px 8px; background: #b00; color: #fff; border-radius: 3px; font-size: 12px; pointer-events: none; z-index: 10; }
`;

const BODY = `
<div id="status"><span id="state">waiting for the first build…</span><span id="timing"></span><span id="counts"></span>
  <span class="spacer"></span>
  <label><input type="checkbox" id="show-grid"> grid</label>
  <button id="undo" title="Ctrl+Z">undo</button><button id="redo" title="Ctrl+Shift+Z">redo</button></div>
<div id="desk">
  <nav id="thumbs"></nav>
  <main id="stage"><div id="sheet"><svg id="overlay" xmlns="http://www.w3.org/2000/svg"></svg></div></main>
  <aside id="side">
    <h2>Selected</h2><div id="selection">Click an article on the page.</div>
    <h2>Diagnostics</h2><ul id="diagnostics"></ul>
    <h2>Fit</h2><div id="report"></div>
    <h2>Proposals</h2><div id="proposals"></div>
  </aside>
</div>
<div id="tip"></div>
`;

export const DESK_PAGE = `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>paiban desk</title>
<style>${STYLE}</style>
</head>
<body data-version="0">${BODY}<script>${DESK_SCRIPT}</script>
</body>
</html>
`;
