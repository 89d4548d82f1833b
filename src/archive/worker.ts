/** A worker of the export pool: exports the issues it is sent, one at a time, and answers with each outcome. */
import { parentPort } from 'node:worker_threads';
import { BuildContext } from '../context.js';
import { exportIssue, type IssueJob } from './export-issue.js';

// The worker's own build context, for every issue it exports.
const context = new BuildContext();

parentPort!.on('message', async (job: IssueJob) => parentPort!.postMessage(await exportIssue(job, context)));
