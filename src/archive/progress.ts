/**
 * Progress of a long export: on a terminal a bar with issues done, pages per second and the time
 * left, redrawn in place; otherwise (a log, a CI job, a Kubernetes pod) one plain line per issue.
 */
import { formatDiagnostic } from '../diagnostics.js';
import type { IssueOutcome } from './export-issue.js';
import { counted } from '../wording.js';

export interface Progress {
  done(outcome: IssueOutcome, key: string): void;
  finish(): void;
}

const REDRAW_MS = 100;
const BAR = 24;

const clock = (s: number) => {
  const t = Math.round(s);
  const [h, m, sec] = [Math.floor(t / 3600), Math.floor((t % 3600) / 60), t % 60];
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(sec).padStart(2, '0')}`;
};

/** Reports the issues being built (`total` of them); issues skipped as up to date are not counted. */
export function progressReporter(stream: NodeJS.WriteStream, total: number): Progress {
  const start = performance.now();
  let issues = 0;
  let pages = 0;
  let failed = 0;
  let drawn = 0;
  const tty = !!stream.isTTY;

  const rate = () => pages / Math.max((performance.now() - start) / 1000, 1e-3);
  const status = () => {
    const elapsed = (performance.now() - start) / 1000;
    const eta = issues ? ((total - issues) * elapsed) / issues : 0;
    const filled = total ? Math.round((issues / total) * BAR) : BAR;
    return `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${issues}/${counted(total, 'issue')}  ${counted(pages, 'page')}  ${rate().toFixed(1)} pages/s  ETA ${clock(eta)}${failed ? `  ${failed} failed` : ''}`;
  };
  const draw = (force = false) => {
    if (!force && performance.now() - drawn < REDRAW_MS) return;
    drawn = performance.now();
    stream.write(`\r\x1b[2K${status()}`);
  };
  // On a terminal, messages go above the bar.
  const say = (line: string) => stream.write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);

  return {
    done(outcome, key) {
      issues++;
      pages += outcome.status === 'failed' ? 0 : outcome.pages;
      if (outcome.status === 'failed') {
        failed++;
        say(`failed  ${key}`);
        for (const d of outcome.diagnostics.filter((d) => d.severity === 'error')) say(`  ${formatDiagnostic(d)}`);
      } else {
        if (!tty) say(`built   ${key}  ${counted(outcome.pages, 'page')}  ${Math.round(outcome.ms)} ms`);
        // What the build warned of (a photo shown as a placeholder, say) is said for the archive too.
        for (const d of outcome.diagnostics.filter((d) => d.severity === 'warning')) say(`  ${formatDiagnostic(d)}`);
      }
      if (tty) draw(issues === total);
    },
    finish() {
      if (tty) stream.write(`\r\x1b[2K${status()}\n`);
      else say(`${counted(issues, 'issue')}, ${counted(pages, 'page')}, ${rate().toFixed(1)} pages/s${failed ? `, ${failed} failed` : ''}`);
    },
  };
}
