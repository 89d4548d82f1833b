/**
 * `paiban plan --preview DIR`: each proposal built as the page it would make and rendered with
 * the proof drawn over it (frames, empty lines, overset), its rank and score written at the top,
 * so that an editor sees the alternatives side by side before choosing one to write.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildIssue } from '../build.js';
import { BuildContext } from '../context.js';
import { writeFileAtomically } from '../files.js';
import type { PagePlan } from '../plan/plan.js';
import { drawProof } from './proof.js';
import { renderPages } from './render.js';

const DPI = 50;

/** Writes DIR/p<page>-proposal-<K>.png for each proposal of the plan; returns the files. */
export async function previewProposals(plan: PagePlan, dir: string, options: { allowOutside?: boolean; dpi?: number } = {}): Promise<string[]> {
  const context = new BuildContext();
  const number = plan.issue.pages[plan.pageIndex].spec.number;
  const files: string[] = [];
  const out = mkdtempSync(join(tmpdir(), 'paiban-plan-'));
  try {
    for (const [k, proposal] of plan.proposals.entries()) {
      const build = await buildIssue(plan.issue.file, { context, outDir: out, pages: `{page}-${k + 1}.pdf`, allowOutside: options.allowOutside, proposal: { pageIndex: plan.pageIndex, proposal } });
      const pageFile = build.pageFiles?.[plan.pageIndex];
      if (!pageFile) throw new Error(`proposal ${k + 1} of page ${number} did not build: ${build.diagnostics.find((d) => d.severity === 'error')?.message}`);
      const page = build.pages[plan.pageIndex];
      const grid = build.layouts[plan.pageIndex].grid;
      const caption = `proposal ${k + 1}  score ${proposal.score.toFixed(1)}  unused ${proposal.terms.unused.toFixed(2)} %  overset ${proposal.terms.overset}`;
      const dpi = options.dpi ?? DPI;
      for await (const rendered of renderPages(readFileSync(pageFile), {
        dpi,
        file: pageFile,
        overlay: (ctx, _i, scale, media) => {
          ctx.save();
          drawProof(ctx, page, grid, scale, media);
          ctx.restore();
          ctx.fillStyle = 'rgba(200, 0, 0, 0.9)';
          ctx.font = `bold ${Math.round(14 * scale * 2)}px sans-serif`;
          ctx.fillText(caption, 10 * scale * 2, 18 * scale * 2);
        },
      })) {
        const file = join(resolve(dir), `p${number}-proposal-${k + 1}.png`);
        writeFileAtomically(file, rendered.image);
        files.push(file);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return files;
}
