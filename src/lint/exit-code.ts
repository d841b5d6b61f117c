/** The one place that turns a lint result into the process exit code (ESLint's convention). */
import type { LintResult } from './engine.js';

export interface ExitOptions {
  /** `--max-warnings N`: more warnings than N fail the run; undefined or negative means no limit. */
  maxWarnings?: number;
  /** `--quiet`: warnings are neither shown nor counted. */
  quiet?: boolean;
}

/** 0 clean, 1 error-level findings or too many warnings, 2 the run itself failed. */
export function exitCodeFor(result: Pick<LintResult, 'findings' | 'notifications'>, options: ExitOptions = {}): 0 | 1 | 2 {
  if (result.notifications.some((n) => n.severity === 'fatal')) return 2;
  if (result.findings.some((f) => f.level === 'error')) return 1;
  const limit = options.maxWarnings;
  if (!options.quiet && limit !== undefined && limit >= 0) {
    const warnings = result.findings.filter((f) => f.level === 'warning').length;
    if (warnings > limit) return 1;
  }
  return 0;
}
