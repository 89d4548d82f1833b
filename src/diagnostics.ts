/**
 * Problems found in the input are values, not exceptions: every stage returns them
 * with the file, position and field they concern, and the CLI prints one line each.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  file?: string;
  /** 1-based line and column in `file`, when the problem has a position. */
  line?: number;
  column?: number;
  /** Dotted path of the field concerned, e.g. `pages[0].articles[2].body`. */
  field?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  let where = d.file ?? '';
  if (d.file && d.line !== undefined) where += `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
  const field = d.field ? ` (${d.field})` : '';
  return `${where ? `${where}: ` : ''}${d.severity}: ${d.message}${field}`;
}

/** Thrown only to abort a stage that cannot go on; carries its diagnostics to the CLI. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Collects diagnostics for one stage. */
export class DiagnosticList {
  readonly items: Diagnostic[] = [];
  error(message: string, at: Omit<Diagnostic, 'severity' | 'message'> = {}): void {
    this.items.push({ severity: 'error', message, ...at });
  }
  warn(message: string, at: Omit<Diagnostic, 'severity' | 'message'> = {}): void {
    this.items.push({ severity: 'warning', message, ...at });
  }
  get hasErrors(): boolean {
    return hasErrors(this.items);
  }
  /** Throws the collected diagnostics if any of them is an error. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new InputError(this.items);
  }
}
