/**
 * One harness for rule tests of both scopes, after ESLint's RuleTester:
 *
 *   new RuleTester({ scope: 'source' }).run('phandle-args', {
 *     valid: [{ name: '...', code: '...' }],
 *     invalid: [{ name: '...', code: '...', errors: [{ messageId: 'tooShort', data: {...}, line: 11, column: 25 }] }],
 *   });
 *
 * A source case is a few files under VDIR (the entry `code` plus `files`), linted by the real front
 * end (or the fake one, for rules that read raw text). A pair case is host.dts + guest.dts (+
 * qemu-args.txt, host.config) under PDIR, checked like `dtlint check`. Errors compare by rule id,
 * message id, position, and, when given, data (the rule's own template filled with it, as ESLint does:
 * rewording a message breaks no test), level, end position, file and related positions. `message`
 * asserts the whole text: one snapshot-like case per rule at most.
 */
import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import type { Finding, Level } from '../../src/lint/finding.js';
import type { LintOptions } from '../../src/lint/engine.js';
import { formatMessage } from '../../src/lint/rule.js';
import { rules as registry } from '../../rules/index.js';
import { lintFake, lintWith, VDIR } from '../rules/harness.js';
import { checkFiles, PDIR, type Files, type PairRun } from '../rules/pair-harness.js';

export { VDIR, PDIR };

export interface ExpectedRelated {
  line: number;
  column: number;
  /** Relative to the case's virtual dir; compared when given. */
  file?: string;
}

export interface ExpectedError {
  /** Default: the rule under test. */
  ruleId?: string;
  messageId: string;
  /** The placeholders' values: the rule's template for `messageId` filled with them must be the message. */
  data?: Readonly<Record<string, string | number>>;
  /** The whole message text (a snapshot of the wording: keep to one case per rule). */
  message?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Relative to the case's virtual dir (`host.dts`, `common.dtsi`); compared when given. */
  file?: string;
  level?: Level;
  /** Positions of the related locations, in order; compared when given. */
  related?: readonly ExpectedRelated[];
}

export interface SourceCase {
  name: string;
  /** Text of the linted file. */
  code: string;
  /** Its name under VDIR (default: the tester's `filename`). */
  filename?: string;
  /** More files, by name under VDIR or by absolute path. */
  files?: Readonly<Record<string, string>>;
  /** Rules on beside the one under test (added to the tester's). */
  rules?: readonly string[];
  /** Engine options: `config` (dtcWarnings), `includeDirs`. */
  options?: Partial<LintOptions>;
}

export interface PairCase extends PairRun {
  name: string;
  /** host.dts, guest.dts, qemu-args.txt, host.config and what they include, by name under PDIR. */
  files: Files;
}

export type InvalidCase<C> = C & { errors: readonly ExpectedError[] };

export interface SourceTesterConfig {
  scope: 'source';
  /** `dts`: compile with src/dts as the CLI does; `fake`: no front end (rules that read raw text). */
  frontEnd?: 'dts' | 'fake';
  /** Default name of the linted file under VDIR. */
  filename?: string;
  /** Rules on beside the one under test in every case. */
  rules?: readonly string[];
  options?: Partial<LintOptions>;
}

export interface PairTesterConfig {
  scope: 'pair';
  /** Rules on beside the one under test in every case. */
  rules?: readonly string[];
}

export interface Tests<C> {
  valid: readonly C[];
  invalid: readonly InvalidCase<C>[];
}

type Scope = 'source' | 'pair';
type CaseOf<S extends Scope> = S extends 'source' ? SourceCase : PairCase;
type ConfigOf<S extends Scope> = { scope: S } & (S extends 'source' ? SourceTesterConfig : PairTesterConfig);

export class RuleTester<S extends Scope> {
  constructor(private readonly config: ConfigOf<S>) {}

  /** Findings of a case: every rule that is on, in the engine's order. */
  findings(ruleId: string, c: CaseOf<S>): Finding[] {
    const config = this.config as SourceTesterConfig | PairTesterConfig;
    const ruleIds = [ruleId, ...(config.rules ?? []), ...(c.rules ?? [])];
    if (config.scope === 'pair') {
      const pc = c as PairCase;
      return checkFiles(pc.files, { ...pc, rules: ruleIds }).findings;
    }
    const sc = c as SourceCase;
    const entry = inDir(VDIR, sc.filename ?? config.filename ?? 'board.dts');
    const files: Record<string, string> = { [entry]: sc.code };
    for (const [name, text] of Object.entries(sc.files ?? {})) files[inDir(VDIR, name)] = text;
    if (config.frontEnd === 'fake') return lintFake(files, entry, ruleIds).findings;
    return lintWith(compileDts, files, entry, ruleIds, { ...config.options, ...sc.options }).findings;
  }

  /** Declares the jest tests: `<id> > valid > <name>` and `<id> > invalid > <name>`. */
  run(ruleId: string, tests: Tests<CaseOf<S>>): void {
    const dir = this.config.scope === 'pair' ? PDIR : VDIR;
    describe(ruleId, () => {
      describe('valid', () => {
        for (const c of tests.valid) {
          it(c.name, () => {
            expect(this.findings(ruleId, c).map((f) => brief(f, dir))).toEqual([]);
          });
        }
      });
      describe('invalid', () => {
        for (const c of tests.invalid) {
          it(c.name, () => {
            if (c.errors.length === 0) throw new Error('an invalid case expects at least one error');
            const { actual, expected } = compareErrors(ruleId, this.findings(ruleId, c), c.errors, dir);
            expect(actual).toEqual(expected);
          });
        }
      });
    });
  }
}

/**
 * The findings and the expected errors in one shape, to compare with `toEqual`: each finding is cut
 * to what the error at its index asserts; a finding beyond the expected ones shows in full.
 */
export function compareErrors(
  ruleId: string,
  findings: readonly Finding[],
  errors: readonly ExpectedError[],
  dir: string,
): { actual: Record<string, unknown>[]; expected: Record<string, unknown>[] } {
  return { actual: findings.map((f, i) => actualOf(f, errors[i], dir)), expected: errors.map((e) => expectedOf(ruleId, e)) };
}

function inDir(dir: string, name: string): string {
  return name.startsWith('/') ? name : `${dir}/${name}`;
}

function relative(dir: string, file: string): string {
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

/** A finding in one line, for a valid case's failure message. */
function brief(f: Finding, dir: string): string {
  return `${relative(dir, f.at.file)}:${f.at.line}:${f.at.column} ${f.ruleId}/${f.messageId}: ${f.message}`;
}

/** The template of a rule's message, or a failing test when the rule has no such message. */
function template(ruleId: string, messageId: string): string {
  const rule = registry.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const text = rule.messages[messageId];
  if (text === undefined) throw new Error(`rule ${ruleId} has no message ${messageId} (it has ${Object.keys(rule.messages).join(', ')})`);
  return text;
}

/** What an expected error asserts, in the shape `actualOf` gives a finding. */
function expectedOf(ruleId: string, e: ExpectedError): Record<string, unknown> {
  const id = e.ruleId ?? ruleId;
  const out: Record<string, unknown> = { ruleId: id, messageId: e.messageId, line: e.line, column: e.column };
  const text = template(id, e.messageId);
  if (e.data !== undefined) out.data = formatMessage(text, e.data);
  if (e.message !== undefined) out.message = e.message;
  if (e.endLine !== undefined) out.endLine = e.endLine;
  if (e.endColumn !== undefined) out.endColumn = e.endColumn;
  if (e.file !== undefined) out.file = e.file;
  if (e.level !== undefined) out.level = e.level;
  if (e.related !== undefined) out.related = e.related.map((r) => ({ line: r.line, column: r.column, ...(r.file !== undefined ? { file: r.file } : {}) }));
  return out;
}

/** A finding, cut to what `e` asserts (everything but the position and ids only when `e` asks). */
function actualOf(f: Finding, e: ExpectedError | undefined, dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ruleId: f.ruleId, messageId: f.messageId, line: f.at.line, column: f.at.column };
  if (e === undefined) {
    out.unexpected = brief(f, dir);
    return out;
  }
  if (e.data !== undefined) out.data = f.message;
  if (e.message !== undefined) out.message = f.message;
  if (e.endLine !== undefined) out.endLine = f.at.endLine;
  if (e.endColumn !== undefined) out.endColumn = f.at.endColumn;
  if (e.file !== undefined) out.file = relative(dir, f.at.file);
  if (e.level !== undefined) out.level = f.level;
  if (e.related !== undefined) {
    out.related = f.related.map((r, i) => ({
      line: r.at.line,
      column: r.at.column,
      ...(e.related?.[i]?.file !== undefined ? { file: relative(dir, r.at.file) } : {}),
    }));
  }
  return out;
}
