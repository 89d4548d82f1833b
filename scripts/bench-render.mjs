// The renderers side by side, each in a process of its own so that its peak RSS is its own
// (npm run bench runs it; after `npm run build`):
//   node scripts/bench-render.mjs pdfium|pdfjs page FILE RUNS   page 1 of FILE drawn and encoded as PNG RUNS times after one
//                                                               run to warm up; prints the times on the clock and in CPU (ms) as JSON
//   node scripts/bench-render.mjs pdfium|pdfjs all FILE DIR     every page of FILE to DIR as PNGs, as `paiban preview` writes them;
//                                                               prints the time on the clock and in CPU (ms) as JSON
// Both at 100 dpi, the preview's default. pdfium is paiban's renderer (src/preview/render.ts);
// pdfjs is the one it replaced — pdf.js drawing onto a @napi-rs/canvas, every page kept until
// the last is drawn — kept here to be measured against.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [renderer, mode, file, arg] = process.argv.slice(2);
const DPI = 100;
const pdf = readFileSync(file);

/** The renderer paiban used before: pdf.js on a canvas, all pages returned together. */
async function pdfjsPages(bytes, onlyFirst) {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  const pages = [];
  try {
    for (let p = 1; p <= (onlyFirst ? 1 : doc.numPages); p++) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale: DPI / 72 });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: ctx, viewport }).promise;
      pages.push(await canvas.encode('png'));
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  return pages;
}

async function pdfiumPages(bytes, onlyFirst, write) {
  const { renderPages } = await import(join(root, 'dist/preview/render.js'));
  let n = 0;
  for await (const page of renderPages(bytes, { dpi: DPI, file })) {
    write(n++, page.image);
    if (onlyFirst) break;
  }
}

const render = (onlyFirst, write) =>
  renderer === 'pdfjs' ? pdfjsPages(pdf, onlyFirst).then((pages) => pages.forEach((p, i) => write(i, p))) : pdfiumPages(pdf, onlyFirst, write);

// CPU time of the whole process (the encoder's threads too): on a loaded machine it says what
// rendering costs better than the time on the clock, which includes waiting for a core.
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

if (mode === 'page') {
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i <= Number(arg); i++) {
    const t0 = performance.now();
    const c0 = cpu();
    await render(true, () => {});
    if (i) {
      times.push(performance.now() - t0);
      cpuTimes.push(cpu() - c0);
    }
  }
  process.stdout.write(JSON.stringify({ times, cpuTimes, rss: process.resourceUsage().maxRSS / 1024 }));
} else {
  const t0 = performance.now();
  const c0 = cpu();
  let pages = 0;
  await render(false, (i, png) => {
    writeFileSync(join(arg, `p${i + 1}.png`), png);
    pages++;
  });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, cpuMs: cpu() - c0, pages, rss: process.resourceUsage().maxRSS / 1024 }));
}
