/**
 * Visual regression: the sample issue rendered from its PDF, plain and as a proof, and a
 * proof of the same page with copy cut and added so that it shows empty lines and overset
 * text, each compared with its golden PNG (see golden.ts; `npm run update-goldens`).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIssue } from '../helpers/build.js';
import { renderIssue } from '../../src/preview/preview.js';
import { compareWithGolden } from './golden.js';
import sharp from 'sharp';
import { issueDir } from '../helpers/issue-dir.js';

const sample = fileURLToPath(new URL('../../issues/hongyan-weekly/', import.meta.url));
/** Low enough to keep the goldens small, high enough to see lines of text and the marks. */
const DPI = 36;

async function render(issueDir: string, proof: boolean): Promise<Buffer> {
  const build = await buildIssue(join(issueDir, 'issue.yaml'), { outDir: mkdtempSync(join(tmpdir(), 'paiban-visual-')) });
  const [page] = await renderIssue(build, { dpi: DPI, proof });
  return page.image;
}

/** The sample with half of the column's copy cut and the archive story set twice. */
function misfitSample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paiban-misfit-'));
  cpSync(sample, dir, { recursive: true });
  const column = readFileSync(join(dir, 'zuzhi-bitan.md'), 'utf8').split('\n');
  writeFileSync(join(dir, 'zuzhi-bitan.md'), column.slice(0, column.length / 2).join('\n'));
  const archive = readFileSync(join(dir, 'hongyan-zhendang.md'), 'utf8');
  writeFileSync(join(dir, 'hongyan-zhendang.md'), `${archive}\n${archive}`);
  return dir;
}

/** A three-column story with a pull quote given in the issue, in the middle of its body, in 楷体 between two rules. */
const PULL_QUOTE_ISSUE = `paper: 测试日报
date: 2024-02-20
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: feature
        label: 城市记忆
        styles: { label: label_reversed }
        headline: 铅字记得那些年
        headline_level: 2
        pull_quote: { text: “那些字还在江底下呢。” }
        frame: { columns: [1, 3], lines: [1, 36] }
        body_file: feature.md
`;

/** The pull quote's story, cut out of its page: its frame at 100 dpi. */
async function pullQuoteStory(): Promise<Buffer> {
  const copy = readFileSync(join(fileURLToPath(new URL('../../issues/evening-edition/', import.meta.url)), 'feature.md'), 'utf8');
  const dir = issueDir({ 'issue.yaml': PULL_QUOTE_ISSUE, 'feature.md': copy.split('\n').slice(0, 8).join('\n') });
  const build = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
  const dpi = 100;
  const [page] = await renderIssue(build, { dpi });
  const frame = build.pages[0].articles[0].frames[0].rect;
  const px = (pt: number) => Math.round((pt * dpi) / 72);
  return sharp(page.image).extract({ left: px(frame.x) - 4, top: px(frame.y) - 4, width: px(frame.width) + 8, height: px(frame.height) + 8 }).png().toBuffer();
}

describe('previews match their goldens', () => {
  it('a pull quote in its story', async () => {
    expect(await compareWithGolden('pull-quote', await pullQuoteStory())).toBeUndefined();
  }, 60_000);

  it('the sample page', async () => {
    expect(await compareWithGolden('hongyan-weekly-p6', await render(sample, false))).toBeUndefined();
  }, 60_000);

  it('the sample page as a proof', async () => {
    expect(await compareWithGolden('hongyan-weekly-p6-proof', await render(sample, true))).toBeUndefined();
  }, 60_000);

  it('a vertical headline (竖题) beside its story', async () => {
    // The sample edition's 副刊 feature, on a frame of its own.
    const dir = issueDir({
      'issue.yaml': `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: feature
        label: 【城市记忆】
        headline: 铅字记得那些年
        subtitle: ——一家印书馆在岩洞里的八年（1938—1946）
        headline_direction: vertical
        headline_strip: { columns: 1, lines: 30, align: top }
        body: |
          　　一九三八年冬，协和印书馆把十二副铅字、两台对开机和一部铸字炉装上木船，溯江而上。
          　　“字是印书馆的命。”老排字工何金生说，He said: “Every type counts.” 岩洞里的灯一夜不熄。
        frame: { columns: [1, 3], lines: [1, 34] }
`,
    });
    const build = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const dpi = 100;
    const [page] = await renderIssue(build, { dpi, proof: false });
    const r = build.pages[0].articles[0].frames[0].rect;
    const px = (v: number) => Math.round((v * dpi) / 72);
    const crop = await sharp(page.image).extract({ left: px(r.x), top: px(r.y), width: px(r.width), height: px(r.height) }).png().toBuffer();
    expect(await compareWithGolden('vertical-headline', crop)).toBeUndefined();
  }, 60_000);

  it('a photo across two stories, and a caption beside its photo', async () => {
    const copy = readFileSync(join(fileURLToPath(new URL('../../issues/evening-edition/', import.meta.url)), 'feature.md'), 'utf8').split('\n').slice(0, 4).join('\n');
    const dir = issueDir({
      'feature.md': copy,
      'issue.yaml': `paper: 测试晚报
date: 2024-10-18
layout: tabloid
pages:
  - number: 1
    running_head: false
    articles:
      - id: riverside
        headline: 江边的清晨
        headline_level: 3
        frame: { columns: [1, 3], lines: [1, 36] }
        body_file: feature.md
        photos:
          - { file: band.png, columns: 3, lines: 12, at: { column: 2, line: 8 }, across: true, caption: 江边的清晨，早起的市民在步道上晨练。, credit: 本报记者 张三 摄 }
      - id: teahouse
        headline: 老街的茶馆
        headline_level: 3
        frame: { columns: [4, 6], lines: [1, 36] }
        body_file: feature.md
        photos:
          - { file: band.png, columns: 3, lines: 12, at: { column: 4, line: 24 }, caption: 老街的茶馆里，茶客们摆起了龙门阵。, credit: 本报记者 李四 摄, caption_beside: { side: left } }
`,
    });
    // Sky over ground: two flat colours, so that the picture's place and size show and nothing else varies.
    const [w, h] = [1500, 1000];
    const pixels = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) pixels.set(i < (w * h) / 2 ? [150, 190, 230] : [90, 110, 70], i * 3);
    await sharp(pixels, { raw: { width: w, height: h, channels: 3 } }).png().toFile(join(dir, 'band.png'));
    const build = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out') });
    const dpi = 100;
    const [page] = await renderIssue(build, { dpi, proof: false });
    const [left, right] = build.pages[0].articles.map((a) => a.frames[0].rect);
    const px = (v: number) => Math.round((v * dpi) / 72);
    const crop = await sharp(page.image).extract({ left: px(left.x), top: px(left.y), width: px(right.x + right.width - left.x), height: px(left.height) }).png().toBuffer();
    expect(await compareWithGolden('photo-forms', crop)).toBeUndefined();
  }, 60_000);

  it('a proof with empty lines and overset text', async () => {
    expect(await compareWithGolden('misfit-p6-proof', await render(misfitSample(), true))).toBeUndefined();
  }, 60_000);
});
