import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildContext } from '../../src/context.js';
import { LAYOUTS_DIR, loadLayout } from '../../src/layout/load-layout.js';
import { shapeText } from '../../src/shape/shape.js';
import { buildIssue } from '../helpers/build.js';
import { issueDir } from '../helpers/issue-dir.js';
import { qdf } from '../helpers/pdf.js';

const layout = loadLayout(new BuildContext(), join(LAYOUTS_DIR, 'broadsheet.yaml'));
const style = (name: string) => layout.styles.get(name)!;
/** Each character's face: its PostScript name, and its synthetic bold stroke where it has one. */
const facesOf = (text: string, name: string) =>
  shapeText(text, style(name)).map((c) => `${c.text} ${c.glyphs[0].face.postscriptName}${c.glyphs[0].face.syntheticBold ? ` +${c.glyphs[0].face.syntheticBold}` : ''}`);

describe('a character a face lacks', () => {
  it('is taken from the nearest face in weight and style that has it', () => {
    // The Black headline face has 垚 and 犇; a Black face is bold, so a bold face comes before a regular one.
    expect(style('headline').fallbacks.slice(0, 2).map((f) => f.postscriptName)).toEqual(['NotoSerifCJKsc-Bold', 'NotoSansCJKsc-Bold']);
    expect(facesOf('垚犇', 'headline')).toEqual(['垚 NotoSerifCJKsc-Black', '犇 NotoSerifCJKsc-Black']);
    // The bold 黑体 heading: the bold faces nearest in weight, then the lighter ones made bold, sans before serif.
    expect(style('section_heading').fallbacks.map((f) => `${f.postscriptName}${f.syntheticBold ? '+' : ''}`).slice(0, 5)).toEqual([
      'NotoSerifCJKsc-Bold',
      'NotoSerifCJKsc-Black',
      'NotoSansCJKsc-Medium+',
      'DejaVuSans+',
      'NotoSerifCJKsc-Regular+',
    ]);
  });

  it('in a bold face, found only in a regular one, is set in that face made bold, as much as the weights differ', () => {
    // 𬌗 (Ext-B) is in Noto Serif CJK Regular only: 900 − 400 and 700 − 400 of weight.
    expect(facesOf('𬌗', 'headline')).toEqual(['𬌗 NotoSerifCJKsc-Regular +0.04']);
    expect(facesOf('𬌗', 'section_heading')).toEqual(['𬌗 NotoSerifCJKsc-Regular +0.024']);
    // Regular text takes it as it is.
    expect(facesOf('𬌗', 'body')).toEqual(['𬌗 NotoSerifCJKsc-Regular']);
    // Only Han characters are emboldened: an emoji in a bold headline is the emoji face's, as it is.
    expect(facesOf('👍', 'headline')).toEqual(['👍 NotoEmoji-Regular']);
  });

  it('made bold prints filled and stroked (render mode 2) in its colour, with a warning naming it and its field', async () => {
    const dir = issueDir({
      'issue.yaml': `paper: 测试日报
date: 2024-02-20
layout: broadsheet
pages:
  - number: 1
    articles:
      - id: rare
        headline: 邱𬌗领到新证件
        body: |
          邱𬌗说，这回终于对了。
        columns: 2
`,
    });
    const result = await buildIssue(join(dir, 'issue.yaml'), { outDir: join(dir, 'out'), pages: true });
    expect(result.diagnostics.filter((d) => /heavy/.test(d.message)).map((d) => `${d.line} ${d.message}`)).toEqual([
      `8 no face as heavy as style "headline"'s NotoSerifCJKsc-Black has 𬌗 (U+2C317, set in NotoSerifCJKsc-Regular), in "邱𬌗领到新证件": the lighter face is made bold by a stroke round the outline`,
    ]);
    const content = qdf(result.pageFiles![0]);
    // 0.04 em of the 44 pt headline, black on both sides of the outline.
    expect(content.match(/q 0 0 0 1 k 0 0 0 1 K 1\.76 w 1 j BT 2 Tr \/\S+ 44 Tf/g)).toHaveLength(1);
  });
});
