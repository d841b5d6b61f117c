/**
 * The CLI's side of `--format sarif`: what the pure reporter needs from disk (the rule docs pages
 * shipped with the package, the repository root for `%SRCROOT%`, source text for columns), and the
 * GitHub size check on the finished text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyRule } from '../lint/rule.js';
import type { Finding } from '../lint/finding.js';
import { formatSarif, GITHUB_LIMITS, sarifSizeWarning, type SarifNotification } from '../report/sarif.js';
import { version } from '../version.js';
import { SourceHost } from '../dts/source.js';

/** The package's own root (where docs/rules/ ships), from dist/src/cli or src/cli. */
function packageRoot(): string | undefined {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'docs', 'rules'))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** Each rule's docs page text, for those the package ships. */
export function loadRuleDocs(rules: readonly AnyRule[]): Map<string, string> {
  const root = packageRoot();
  const docs = new Map<string, string>();
  if (root === undefined) return docs;
  for (const rule of rules) {
    try {
      docs.set(rule.id, readFileSync(join(root, rule.docs), 'utf8'));
    } catch {
      // A rule without its page still gets its summary as description.
    }
  }
  return docs;
}

/**
 * `%SRCROOT%`: the repository around the working dir (nearest `.git`), else the working dir.
 * GitHub resolves relative URIs against the repository root, whichever dir dtlint ran in.
 */
export function sourceRoot(cwd: string, exists: (path: string) => boolean = existsSync): string {
  const start = resolve(cwd);
  for (let d = start; ; d = dirname(d)) {
    if (exists(join(d, '.git'))) return d;
    if (dirname(d) === d) return start;
  }
}

export interface SarifRun {
  findings: readonly Finding[];
  rules: readonly AnyRule[];
  notifications: readonly SarifNotification[];
  cwd: string;
  /** The files as the run read them (for result snippets). */
  sources?: SourceHost;
}

/** The SARIF text and the warnings to print on stderr (size over GitHub's limit). */
export function sarifOutput(run: SarifRun): { text: string; warnings: string[] } {
  // The text the run linted when it is given; else each file read once, as the front end reads it.
  const sources = run.sources ?? new SourceHost();
  const readSource = (file: string): string | undefined => sources.textOf(file);
  const text = formatSarif(run.findings, run.rules, {
    srcRoot: sourceRoot(run.cwd),
    toolVersion: version,
    ruleDocs: loadRuleDocs(run.rules),
    notifications: run.notifications,
    readSource,
  });
  const warnings: string[] = [];
  if (run.findings.length > GITHUB_LIMITS.resultsPerRun)
    warnings.push(`${run.findings.length} findings: the SARIF holds the first ${GITHUB_LIMITS.resultsPerRun} (errors first), GitHub code scanning's limit per run`);
  const size = sarifSizeWarning(text);
  if (size !== undefined) warnings.push(size);
  return { text, warnings };
}
