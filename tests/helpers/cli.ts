import { vi } from 'vitest';
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** How long main() took, in ms. */
  ms: number;
}

/** Runs the command line in this process, capturing what it writes. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const start = performance.now();
  try {
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - start };
  } finally {
    vi.restoreAllMocks();
  }
}
