/**
 * The export's worker pool: one worker thread per core, each fed the next issue as soon as it
 * answers. A worker that dies (out of memory, a crash in native code) fails only its issue and
 * is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { IssueJob, IssueOutcome } from './export-issue.js';

const WORKER = new URL('./worker.js', import.meta.url);

/**
 * Runs the jobs on `size` workers. A job that takes longer than `timeLimitMs` fails: its worker is
 * stopped (whatever it was doing, a read that never ends included) and another takes its place.
 * When `onOutcome` answers 'stop', no further job is started; those running are finished.
 */
export async function runPool(jobs: readonly IssueJob[], size: number, onOutcome: (o: IssueOutcome) => 'stop' | void, timeLimitMs = Infinity): Promise<void> {
  let next = 0;
  const answer = (o: IssueOutcome) => {
    if (onOutcome(o) === 'stop') next = jobs.length;
  };
  const startWorker = (): Promise<void> =>
    new Promise((done) => {
      const worker = new Worker(WORKER);
      let current: IssueJob | undefined;
      let failure = 'the worker stopped';
      let timer: NodeJS.Timeout | undefined;
      const feed = () => {
        current = next < jobs.length ? jobs[next++] : undefined;
        if (current) {
          worker.postMessage(current);
          if (Number.isFinite(timeLimitMs)) {
            timer = setTimeout(() => {
              failure = `stopped after ${seconds(timeLimitMs)}, the time limit of an issue`;
              void worker.terminate();
            }, timeLimitMs);
          }
        } else void worker.terminate();
      };
      worker.on('message', (outcome: IssueOutcome) => {
        clearTimeout(timer);
        // Stopped at its time limit just as it answered: its outcome stands.
        if (!current) return;
        current = undefined;
        answer(outcome);
        feed();
      });
      worker.on('error', (e) => (failure = `the worker failed: ${e.message}`));
      worker.on('exit', () => {
        clearTimeout(timer);
        if (current) {
          answer({ source: current.source, status: 'failed', pages: 0, files: [], diagnostics: [{ severity: 'error', message: failure, file: current.source }], ms: 0 });
        }
        if (next < jobs.length) void startWorker().then(done);
        else done();
      });
      feed();
    });
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, startWorker));
}

const seconds = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`);
