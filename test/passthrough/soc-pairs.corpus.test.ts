/**
 * The acceptance suite of passthrough pairs on SoC families other than the i.MX 8QM (issue 14):
 * fixtures/soc/<family>/cases.json, each case a pair written against a Linux 6.12 board (the corpus)
 * with at most one injected bug, and the findings expected of it, written from the kernel and QEMU
 * sources before dtlint was run (the reasoning is in EXPECTED.md beside each). Bar per case: every
 * expected finding present with that rule, level, file and line; for a pair marked `noOtherErrors`,
 * no other error-level finding; none at all from the rules in `noErrorsFrom`.
 *
 * fixtures/soc/known-failures.json lists the cases dtlint gets wrong today. A failing case not on the
 * list fails the test; so does a listed case that now passes, so that the list only shrinks.
 * `DTLINT_SOC_REPORT=FILE` writes every case's findings there (for the rule fixers).
 * Skipped, saying so, without the corpus.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SourceHost } from '../../src/dts/source.js';
import type { Finding, Level } from '../../src/lint/finding.js';
import { checkPair, type CheckResult, type PairSpec } from '../../src/run/check.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const DTS = join(KERNEL, 'arch/arm64/boot/dts');
const SOC = join(process.cwd(), 'fixtures/soc');
const KNOWN_FAILURES = join(SOC, 'known-failures.json');
const present = existsSync(join(DTS, 'xilinx/zynqmp.dtsi')) && existsSync(join(KERNEL, 'include/dt-bindings/interrupt-controller/arm-gic.h'));
if (!present) console.warn(`SoC pair suite skipped: needs the Linux 6.12 corpus at ${KERNEL} (set DTLINT_KERNEL)`);
const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));

/** An in-memory edit of one of the pair's files: replace the one occurrence of `find`, or append. */
interface Edit {
  file: string;
  find?: string;
  replace?: string;
  append?: string;
}

interface ExpectedFinding {
  rule: string;
  level: Level;
  /** A file of the pair (relative to the family's directory) or `kernel:<path under arch/arm64/boot/dts>`. */
  file: string;
  line: number;
  /** A piece of the text of that line (a check on the fixture itself). */
  text?: string;
}

interface Case {
  id: string;
  bug: string | null;
  edits: Edit[];
  /** `noErrorsFrom`: rules that must report no error-level finding (e.g. "at most a warning"). */
  expect: { noOtherErrors?: boolean; noErrorsFrom?: string[]; findings: ExpectedFinding[] };
}

interface Family {
  family: string;
  board: string;
  device: string;
  /** `cmdline`: the host kernel's command line, as `--cmdline` (what U-Boot's bootargs hold). */
  pair: { host: string; guest: string; qemu?: string; kconfig?: string; cmdline?: string };
  cases: Case[];
}

const read = (path: string): string => readFileSync(path, 'latin1');

const families: Array<{ dir: string; family: Family }> = existsSync(SOC)
  ? readdirSync(SOC, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(SOC, d.name, 'cases.json')))
      .map((d) => ({ dir: join(SOC, d.name), family: JSON.parse(read(join(SOC, d.name, 'cases.json'))) as Family }))
  : [];
const knownFailures = (existsSync(KNOWN_FAILURES) ? JSON.parse(read(KNOWN_FAILURES)) : {}) as Record<string, string>;

/** The pair's files with the case's edits applied, by absolute path. */
function editedTexts(dir: string, edits: readonly Edit[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const edit of edits) {
    const path = join(dir, edit.file);
    const text = texts.get(path) ?? read(path);
    if (edit.append !== undefined) {
      texts.set(path, text + edit.append);
      continue;
    }
    const find = edit.find ?? '';
    const count = text.split(find).length - 1;
    if (find === '' || count !== 1) throw new Error(`edit of ${edit.file}: ${JSON.stringify(find)} occurs ${count} times, not once`);
    texts.set(path, text.replace(find, () => edit.replace ?? ''));
  }
  return texts;
}

function pathOf(dir: string, file: string): string {
  return file.startsWith('kernel:') ? join(DTS, file.slice('kernel:'.length)) : join(dir, file);
}

function runCase(dir: string, family: Family, c: Case): { result: CheckResult; texts: Map<string, string> } {
  const texts = editedTexts(dir, c.edits);
  const { host, guest, qemu, kconfig, cmdline } = family.pair;
  const spec: PairSpec = {
    host: join(dir, host),
    guest: join(dir, guest),
    ...(qemu !== undefined ? { qemu: join(dir, qemu) } : {}),
    ...(kconfig !== undefined ? { kconfig: join(dir, kconfig) } : {}),
    ...(cmdline !== undefined ? { cmdline: join(dir, cmdline) } : {}),
  };
  return { result: checkPair(spec, { includeDirs, host: new SourceHost(texts), cwd: dir }), texts };
}

const where = (f: Finding): string => `${f.at.file.startsWith(DTS) ? `kernel:${f.at.file.slice(DTS.length + 1)}` : f.at.file.split('/').pop()}:${f.at.line}`;
const describeFinding = (f: Finding): string => `${f.ruleId} ${f.level} at ${where(f)}: ${f.message}`;

/** What the case's expectations miss, one line each; empty when the case passes. */
function unmet(dir: string, c: Case, result: CheckResult): string[] {
  const out: string[] = [];
  for (const n of result.notifications) if (n.severity === 'fatal') out.push(`the pair was not checked: ${n.message}`);
  const matched = new Set<Finding>();
  for (const e of c.expect.findings) {
    const path = resolve(pathOf(dir, e.file));
    const hit = result.findings.find((f) => f.ruleId === e.rule && f.level === e.level && resolve(f.at.file) === path && f.at.line === e.line);
    if (hit) {
      matched.add(hit);
      continue;
    }
    const sameRule = result.findings.filter((f) => f.ruleId === e.rule).map(describeFinding);
    out.push(`missing: ${e.rule} ${e.level} at ${e.file}:${e.line}${sameRule.length ? `; ${e.rule} reported instead: ${sameRule.join(' | ')}` : `; no ${e.rule} finding at all`}`);
  }
  const quiet = new Set(c.expect.noErrorsFrom ?? []);
  for (const f of result.findings) {
    if (f.level !== 'error' || matched.has(f)) continue;
    if (c.expect.noOtherErrors || quiet.has(f.ruleId)) out.push(`unexpected error: ${describeFinding(f)}`);
  }
  return out;
}

const report: Record<string, { bug: string | null; unmet: string[]; findings: string[] }> = {};

(present ? describe : describe.skip)('passthrough pairs on other SoC families (fixtures/soc)', () => {
  afterAll(() => {
    const file = process.env.DTLINT_SOC_REPORT;
    if (file) writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  });

  it('has at least five families and lists only existing cases as known failures', () => {
    expect(families.length).toBeGreaterThanOrEqual(5);
    const ids = new Set(families.flatMap(({ family }) => family.cases.map((c) => c.id)));
    expect(Object.keys(knownFailures).filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const { dir, family } of families) {
    describe(`${family.family}: ${family.board}`, () => {
      for (const c of family.cases) {
        it(`${c.id}${c.bug ? ` (${c.bug})` : ' (correct pair)'}`, () => {
          const { result, texts } = runCase(dir, family, c);
          // The fixture itself: each expected line holds the text the expectation was written for.
          for (const e of c.expect.findings) {
            if (e.text === undefined) continue;
            const path = pathOf(dir, e.file);
            const line = (texts.get(path) ?? read(path)).split('\n')[e.line - 1] ?? '';
            expect(`${e.file}:${e.line} ${line}`).toContain(e.text);
          }
          const problems = unmet(dir, c, result);
          report[c.id] = { bug: c.bug, unmet: problems, findings: result.findings.map(describeFinding) };
          const known = knownFailures[c.id];
          if (known === undefined) {
            expect(problems).toEqual([]);
          } else if (problems.length === 0) {
            throw new Error(`${c.id} passes now: remove it from known-failures.json (listed as: ${known})`);
          }
        });
      }
    });
  }
});
