/** The page `paiban watch` serves: the preview and the fit report, replaced after every build. */
export const WATCH_PAGE = `<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>paiban watch</title>
<style>
  body { margin: 0; font: 14px system-ui, sans-serif; background: #ddd; color: #222; }
  header { position: sticky; top: 0; padding: 8px 16px; background: #fff; border-bottom: 1px solid #aaa; }
  header.failed { background: #fde0e0; }
  pre { margin: 4px 0; white-space: pre-wrap; font-size: 12px; }
  #diagnostics { color: #b00; }
  #pages { display: flex; flex-wrap: wrap; gap: 16px; padding: 16px; }
  #pages img { background: #fff; box-shadow: 0 1px 4px #0006; max-width: 100%; }
</style>
</head>
<body data-version="0">
<header id="header">
  <div id="status">waiting for the first build…</div>
  <pre id="report"></pre>
  <pre id="diagnostics"></pre>
</header>
<main id="pages"></main>
<script>
  const show = (state) => {
    document.getElementById('header').className = state.ok ? '' : 'failed';
    document.getElementById('status').textContent =
      'build ' + state.version + (state.ok ? '' : ' (failed)') + ' · ' + Math.round(state.buildMs) + ' ms' +
      ' (render ' + Math.round(state.renderMs) + ' ms) · ' + new Date().toLocaleTimeString();
    document.getElementById('report').textContent = state.report;
    document.getElementById('diagnostics').textContent = state.diagnostics.join('\\n');
    // The new images replace the old ones only once loaded, so the page never flashes blank.
    const loads = state.pages.map((label, i) => new Promise((done) => {
      const img = new Image();
      img.alt = label;
      img.onload = img.onerror = () => done(img);
      img.src = '/page/' + i + '.jpg?v=' + state.version;
    }));
    Promise.all(loads).then((imgs) => {
      document.getElementById('pages').replaceChildren(...imgs);
      document.body.dataset.version = state.version;
    });
  };
  new EventSource('/events').onmessage = (e) => show(JSON.parse(e.data));
</script>
</body>
</html>
`;
