/** A worker of the export pool: exports the issues it is sent, one at a time, and answers with each outcome. */
import { parentPort } from 'node:worker_threads';
import { loadBundle } from '../bundle.js';
import type * as ExportJob from './export-job.js';

// The export from its bundle with V8's code cache, as the command line starts (bundle.ts): a
// worker's start-up costs it half the CPU time of loading dist/'s modules one by one.
const bundle = loadBundle<typeof ExportJob>('export-worker.cjs', 'archive/export-job.js');
const { BuildContext, exportIssue } = bundle?.exports ?? (await import('./export-job.js'));

// The worker's own build context, for every issue it exports.
const context = new BuildContext();

parentPort!.on('message', async (job: ExportJob.IssueJob) => {
  const outcome = await exportIssue(job, context);
  // scripts/bundle.mjs has an issue exported so, to keep what V8 compiled for it; before the
  // answer, after which the pool may stop the worker.
  if (process.env.PAIBAN_WRITE_CODE_CACHE === 'export-worker.cjs') bundle?.writeCodeCache();
  parentPort!.postMessage(outcome);
});
