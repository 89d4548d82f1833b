/**
 * paiban's builders as the tests call them: the same functions, with every PDF they write
 * checked by qpdf, so that no test reads back a file a plant's RIP or a library would refuse.
 */
import { exportIssue as exportUnchecked } from '../../src/archive/export-issue.js';
import { buildIssue as buildUnchecked } from '../../src/build.js';
import { qpdfCheck } from './pdf.js';

export async function buildIssue(...args: Parameters<typeof buildUnchecked>): ReturnType<typeof buildUnchecked> {
  const result = await buildUnchecked(...args);
  for (const file of [result.pdf, ...(result.pageFiles ?? [])]) if (file) qpdfCheck(file);
  return result;
}

export async function exportIssue(...args: Parameters<typeof exportUnchecked>): ReturnType<typeof exportUnchecked> {
  const outcome = await exportUnchecked(...args);
  for (const f of outcome.files) if (f.path.endsWith('.pdf')) qpdfCheck(f.path);
  return outcome;
}
