/** What an export worker runs (worker.ts), in one module: the entry of its bundle, dist/export-worker.cjs (scripts/bundle.mjs). */
export { BuildContext } from '../context.js';
export { exportIssue, type IssueJob } from './export-issue.js';
