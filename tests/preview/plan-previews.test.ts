import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planPage } from '../../src/plan/plan.js';
import { previewProposals } from '../../src/preview/plan-previews.js';
import { issueDir } from '../helpers/issue-dir.js';

describe('plan --preview', () => {
  it('draws each proposal as the page it would make, one PNG each', { timeout: 180_000 }, async () => {
    const plan = planPage(join(import.meta.dirname, '../../issues/hongyan-weekly/issue.yaml'), 6, { alternatives: 2 });
    expect(plan.proposals.length).toBe(2);
    const dir = issueDir({});
    const files = await previewProposals(plan, join(dir, 'previews'), { dpi: 20 });
    expect(files).toEqual([join(dir, 'previews/p6-proposal-1.png'), join(dir, 'previews/p6-proposal-2.png')]);
    const images = files.map((f) => readFileSync(f));
    for (const image of images) expect(image.subarray(1, 4).toString()).toBe('PNG');
    // Two layouts, two pictures.
    expect(images[0].equals(images[1])).toBe(false);
  });
});
