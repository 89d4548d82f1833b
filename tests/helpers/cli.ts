import { existsSync } from 'node:fs';
import { vi } from 'vitest';
import { main, type CommandHooks } from '../../src/cli.js';
import { qpdfCheckAll } from './pdf.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** How long main() took, in ms. */
  ms: number;
}

/** Commands that write PDFs into the folder given with -o. */
const WRITING = new Set(['build', 'preview', 'export']);

/** Runs the command line in this process, capturing what it writes; every PDF in its output folder is then checked with qpdf. */
export async function runCli(args: readonly string[], hooks?: CommandHooks): Promise<CliRun> {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const start = performance.now();
  let run: CliRun;
  try {
    const code = await main(args, hooks);
    run = { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - start };
  } finally {
    vi.restoreAllMocks();
  }
  const outDir = args.includes('-o') ? args[args.indexOf('-o') + 1] : undefined;
  if (WRITING.has(args[0]) && outDir && existsSync(outDir)) qpdfCheckAll(outDir);
  return run;
}
