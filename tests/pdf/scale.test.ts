/** A photo scaled and moved in its slot (`scale`, `offset`) instead of cropped around a focus. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIssue } from '../helpers/build.js';
import { checkFile } from '../../src/check/check.js';
import { regionOf } from '../../src/pdf/picture.js';
import { mm } from '../../src/units.js';
import { issueDir } from '../helpers/issue-dir.js';

describe('the region of a scaled and moved photo that prints', () => {
  // A 1000 × 500 picture in a 100 × 100 pt slot: at 100 % it just covers the slot's height.
  const region = (scale: number, offset: [number, number]) => regionOf(1000, 500, 100, 100, { focus: [0.5, 0.5], scaling: { scale, offset } });

  it('at 100 % is the middle square, as the crop around the middle', () => {
    expect(region(1, [0, 0])).toEqual({ left: 250, top: 0, width: 500, height: 500 });
  });

  it('at 200 % is half as many pixels across, moved the other way from the picture', () => {
    // 0.4 pt a pixel at 200 %: the picture moved 20 pt right shows 50 pixels further left, 10 pt up 25 further down.
    expect(region(2, [0, 0])).toEqual({ left: 375, top: 125, width: 250, height: 250 });
    expect(region(2, [20, -10])).toEqual({ left: 325, top: 150, width: 250, height: 250 });
  });

  it('says which side of the slot it leaves uncovered, and by how much', () => {
    expect(region(0.9, [0, 0]).uncovered).toBe('at 90 % the picture does not cover its slot: 100 % is the least that does');
    // At 100 % it has 50 pt to spare each way across and none down.
    expect(region(1, [mm(17.6), 0]).uncovered).toBeUndefined();
    expect(region(1, [mm(20), 0]).uncovered).toBe('moved 20 mm right, the picture at 100 % leaves 2.4 mm of the slot\'s left side uncovered: it has 17.6 mm to spare each way');
    expect(region(1, [0, -mm(1)]).uncovered).toBe('moved 1 mm up, the picture at 100 % leaves 1 mm of the slot\'s foot uncovered: it has 0 mm to spare each way');
    expect(region(1.5, [0, mm(10)]).uncovered).toBe('moved 10 mm down, the picture at 150 % leaves 1.2 mm of the slot\'s top uncovered: it has 8.8 mm to spare each way');
  });
});

const issue = (placing: string) => `paper: 测试日报
date: 2024-03-01
layout: tabloid
pages:
  - number: 1
    articles:
      - id: photos
        body: 图片测试。
        frame: { columns: [1, 6], lines: [1, 80] }
        photos:
          - { file: white.jpg, columns: 2, lines: 12, at: { column: 1, line: 1 }, caption: 白色照片。${placing} }
`;

let dir: string;
beforeAll(async () => {
  dir = issueDir({});
  await sharp({ create: { width: 1200, height: 900, channels: 3, background: { r: 255, g: 255, b: 255 } } }).jpeg().toFile(join(dir, 'white.jpg'));
}, 30_000);

const build = (name: string, placing: string) => {
  writeFileSync(join(dir, `${name}.yaml`), issue(placing));
  return join(dir, `${name}.yaml`);
};

describe('a photo scaled and moved', () => {
  it('prints the pixels its scale leaves in the slot, and is judged on them', async () => {
    // 1200 pixels cover a 2-column slot (about 2.9 in) at 200 ppi and more; at 250 % 480 of them print, below 200 ppi.
    const whole = await checkFile(build('whole', ''));
    const scaled = await checkFile(build('scaled', ', scale: 250%, offset: [-5mm, 0.1]'));
    expect(whole.print.images[0].width).toBeGreaterThan(480);
    expect(scaled.print.images[0].width).toBeLessThanOrEqual(480);
    expect(whole.diagnostics.some((d) => /prints at/.test(d.message))).toBe(false);
    expect(scaled.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/white\.jpg prints at 1[5-9]\d ppi, below 200/) }));
  }, 60_000);

  it('so that it leaves part of the slot uncovered is an error naming the field', async () => {
    const errors = async (name: string, placing: string) => {
      const result = await buildIssue(build(name, placing), { outDir: join(dir, name) });
      expect(result.pdf).toBeUndefined();
      return result.diagnostics.filter((d) => d.severity === 'error');
    };
    expect(await errors('small', ', scale: 80%')).toEqual([
      expect.objectContaining({ line: 11, field: 'pages[0].articles[0].photos[0].scale', message: 'at 80 % the picture does not cover its slot: 100 % is the least that does' }),
    ]);
    expect(await errors('far', ', scale: 110%, offset: [0, 0.2]')).toEqual([
      expect.objectContaining({
        line: 11,
        field: 'pages[0].articles[0].photos[0].offset',
        message: expect.stringMatching(/^moved [\d.]+ mm down, the picture at 110 % leaves [\d.]+ mm of the slot's top uncovered: it has [\d.]+ mm to spare each way$/),
      }),
    ]);
  }, 60_000);

  it('with a focus or crop as well is an error: one or the other', async () => {
    await expect(buildIssue(build('both', ', scale: 120%, crop: [0, 0, 0.5, 1]'), { outDir: join(dir, 'both') })).rejects.toThrow(
      /both\.yaml:11:\d+: error: scale and offset place the picture instead of crop: give one or the other \(pages\[0\]\.articles\[0\]\.photos\[0\]\.scale\)/,
    );
  });
});
