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

const INPUT_ERROR = Symbol.for('paiban.InputError');

/** Thrown only to abort a stage that cannot go on; carries its diagnostics to the CLI. */
export class InputError extends Error {
  readonly [INPUT_ERROR] = true;
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
  }

  /**
   * By its mark, not its class: the command line is one bundled file, and the commands it loads
   * when asked (export, preview, diff …) come from dist/ with their own copy of this class.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [INPUT_ERROR]?: boolean })[INPUT_ERROR] === true;
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
