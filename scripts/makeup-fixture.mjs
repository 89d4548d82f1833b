// Realistic page contents for automatic page makeup (`paiban plan`), made from the project's own
// copy: a broadsheet page with 3–8 articles of varied length and priority (the lead longest,
// with a kicker and subtitle; briefs at the end), 0–3 photos whose size may give within a range
// (elastic), 0–2 ads as fixed rectangles at the page's foot, and a banner on some pages. The
// amount of copy is drawn so that the page can be filled: the copy and the photos at their
// middle size take 88–100 % of the room the frames leave. Seeded, so a page number gives the
// same page every time. `makePage(seed)` returns the issue file's text.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every plain paragraph of the sample copy, headings and lists left out. */
const pool = [join(root, 'issues/hongyan-weekly'), join(root, 'issues/evening-edition')]
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(dir, f), 'utf8')))
  .flatMap((text) => text.split('\n'))
  .map((p) => p.trim().replace(/^　+/, ''))
  .filter((p) => [...p].length >= 30 && !/^(#|——|\d|[一二三四五六七八九十]+、|（|\(|[①-⑳■●•◆])/.test(p));

const HEADLINES = ['产业链上的党建赋能', '城市更新让老街区焕发新活力', '乡村振兴路上的新农人', '科技创新引领高质量发展', '一条江与一座城的故事', '守护绿水青山', '社区服务走进千家万户', '让群众办事更便捷', '夜经济点亮消费新场景', '老手艺遇上新市场', '职业教育助力就业', '山城步道串起城市记忆'];
const KICKERS = ['聚焦高质量发展', '奋进新征程', '一线观察'];
const CAPTIONS = ['市民在新建成的步道上散步。', '工人在生产线上忙碌。', '游客在古镇参观。', '志愿者为居民提供服务。'];

/** A small seeded generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = 8;
const LINES = 120;
/** Characters a broadsheet column holds on a line. */
const CHARS = 13;

/** The issue file of page `seed`. */
export function makePage(seed) {
  const rnd = random(seed * 7919 + 17);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (list) => list[int(0, list.length - 1)];
  const n = int(3, 8);
  const banner = rnd() < 0.5;
  const top = banner ? 8 : 1;
  const ads = [];
  const adCount = int(0, 2);
  if (adCount >= 1) {
    const lines = int(18, 30);
    ads.push(rnd() < 0.5 ? { columns: [COLUMNS / 2 + 1, COLUMNS], lines: [LINES - lines + 1, LINES] } : { columns: [1, COLUMNS], lines: [LINES - int(14, 20) + 1, LINES] });
  }
  if (adCount === 2 && ads[0].columns[0] > 1) {
    const lines = int(14, 26);
    ads.push({ columns: [1, COLUMNS / 2], lines: [LINES - lines + 1, LINES] });
  }
  const adCells = ads.reduce((s, a) => s + (a.columns[1] - a.columns[0] + 1) * (a.lines[1] - a.lines[0] + 2), 0);
  const free = COLUMNS * (LINES - top + 1) - adCells;

  // Photos: 0–3, each in one of the larger articles, their size giving within a range.
  const photos = int(0, 3);
  const articles = Array.from({ length: n }, (_, k) => ({ k, share: k === 0 ? 3 + rnd() : k === 1 ? 1.6 + rnd() : 0.5 + rnd(), photos: [] }));
  for (let p = 0; p < photos; p++) {
    const owner = articles[Math.min(p, n - 1)];
    const columns = int(2, p === 0 ? 4 : 3);
    const lines = Math.round(columns * int(55, 75) / 10);
    owner.photos.push({ columns, lines, range: [Math.max(6, lines - 12), lines + 12] });
  }
  // Room for copy: what headlines (about 11 lines across the page for the lead, 6 across 4 columns for the others), rules and photos at their middle size leave.
  const headCells = articles.reduce((s, a) => s + (a.k === 0 ? 11 * COLUMNS : 6 * 4), 0);
  const photoCells = articles.reduce((s, a) => s + a.photos.reduce((t, p) => t + p.columns * (p.lines + 3), 0), 0);
  const ruleCells = n * 4;
  const copyCells = (free - headCells - photoCells - ruleCells) * (0.88 + 0.12 * rnd());
  const shares = articles.reduce((s, a) => s + a.share, 0);

  const spec = {
    paper: '测试日报',
    date: '2024-03-01',
    name: `makeup-${String(seed).padStart(2, '0')}`,
    layout: 'broadsheet',
    pages: [
      {
        number: 1 + (seed % 8),
        section: '要闻',
        ...(banner && { banner: { title: '要闻', columns: 2, lines: 6 } }),
        articles: [
          ...articles.map((a) => {
            // Lines of copy: a paragraph takes its characters and a 2-character indent, in lines of 13; the byline one.
            let lines = Math.max(10, Math.round((copyCells * a.share) / shares)) - 1;
            const body = [];
            while (lines > 0) {
              const p = pick(pool);
              body.push(p);
              lines -= Math.ceil(([...p].length + 2) / CHARS);
            }
            return {
              id: `story-${a.k + 1}`,
              priority: a.k + 1,
              ...(a.k === 0 && { kicker: pick(KICKERS) }),
              headline: pick(HEADLINES),
              ...(a.k === 0 && { subtitle: '——记者深入一线蹲点调研' }),
              ...(a.k >= 2 && { headline_level: a.k >= 4 ? 3 : 2 }),
              byline: '本报记者 王小明',
              body: body.join('\n'),
              ...(a.photos.length && {
                photos: a.photos.map((p, i) => ({ id: `photo-${a.k + 1}-${i + 1}`, columns: p.columns, lines: p.lines, caption: pick(CAPTIONS), credit: '（记者 李华 摄）', elastic: { columns: [Math.max(2, p.columns - 1), p.columns + 1], lines: p.range } })),
              }),
            };
          }),
          ...ads.map((ad, i) => ({ id: `ad-${i + 1}`, label: '广告', body: '广告位（预留）', fixed: true, box: true, frame: ad })),
        ],
      },
    ],
  };
  return `# A generated page for automatic page makeup (scripts/makeup-fixture.mjs, page ${seed}).\n${stringify(spec, { lineWidth: 0 })}`;
}
