/**
 * The export's worker pool: one worker thread per core, each fed the next issue as soon as it
 * answers. A worker that dies (out of memory, a crash in native code) fails only its issue and
 * is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { IssueJob, IssueOutcome } from './export-issue.js';

const WORKER = new URL('./worker.js', import.meta.url);

export async function runPool(jobs: readonly IssueJob[], size: number, onOutcome: (o: IssueOutcome) => void): Promise<void> {
  let next = 0;
  const startWorker = (): Promise<void> =>
    new Promise((done) => {
      const worker = new Worker(WORKER);
      let current: IssueJob | undefined;
      let failure = 'the worker stopped';
      const feed = () => {
        current = next < jobs.length ? jobs[next++] : undefined;
        if (current) worker.postMessage(current);
        else void worker.terminate();
      };
      worker.on('message', (outcome: IssueOutcome) => {
        onOutcome(outcome);
        feed();
      });
      worker.on('error', (e) => (failure = `the worker failed: ${e.message}`));
      worker.on('exit', () => {
        if (current) {
          onOutcome({ source: current.source, status: 'failed', pages: 0, files: [], diagnostics: [{ severity: 'error', message: failure, file: current.source }], ms: 0 });
        }
        if (next < jobs.length) void startWorker().then(done);
        else done();
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, startWorker));
}
