/**
 * `node dist/scripts/corpus/dtc-parity.js`: dtlint's dtc parity rules against the real dtc, per check, on a
 * spread of boards of the Linux corpus. dtc runs as a kernel build does (scripts/corpus/kernel-build.ts),
 * at each warning level of scripts/Makefile.dtbs (the default DTC_FLAGS, W=1, W=2); dtlint with dtcWarnings
 * to match. The checks are every rule made with defineDtcCheck (rules/support/dtc.ts). Prints each
 * check's totals on both sides at each level and the boards where they differ.
 *
 *   node dist/scripts/corpus/dtc-parity.js [--arch arm64|arm] [--boards N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../../rules/index.js';
import { dtcRuleDefinition } from '../../rules/support/dtc.js';
import { compileDts } from '../../src/dts/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { lint } from '../../src/lint/engine.js';
import { cachedCorpusDir, corpusRoot, listBoards } from './corpus.js';
import { KERNEL_DTC_FLAGS, kernelCppArgs, kernelDtcArgs } from './kernel-build.js';

/** The dtc checks dtlint has a rule for (rule id = dtc's check name): every rule defineDtcCheck made. */
const CHECKS = rules.filter((r) => dtcRuleDefinition(r) !== undefined).map((r) => r.id);
const CHECK_SET = new Set(CHECKS);

/** A kernel build's warning levels: dtlint's dtcWarnings and the DTC_FLAGS scripts/Makefile.dtbs passes at each. */
const LEVELS = [
  { name: 'kernel', dtcWarnings: 'kernel', flags: KERNEL_DTC_FLAGS },
  // W=1: the -Wno list goes, -Wunique_unit_address_if_enabled comes.
  { name: 'W=1', dtcWarnings: 'W=1', flags: ['-Wno-unique_unit_address', '-Wunique_unit_address_if_enabled'] },
  // W=2 alone: the default -Wno list stays, then the strict name checks and unique_unit_address come.
  { name: 'W=2', dtcWarnings: 'W=2', flags: [...KERNEL_DTC_FLAGS, '-Wnode_name_chars_strict', '-Wproperty_name_chars_strict', '-Wunique_unit_address'] },
] as const;

type Counts = Map<string, number>;

function dtcCounts(root: string, board: string, pre: string, tmp: string, flags: readonly string[]): Counts | undefined {
  // Without -@: dtlint lints a board as dtc builds it without symbols (-@ keeps a labelled
  // /omit-if-no-ref/ node, whose names W=2's node_name_chars_strict then counts).
  const args = kernelDtcArgs(board, pre, join(tmp, 'board.dtb')).filter((a) => !KERNEL_DTC_FLAGS.includes(a) && a !== '-@');
  const dtc = spawnSync('dtc', [...flags, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'latin1', maxBuffer: 1 << 26 });
  if (dtc.status !== 0) return undefined;
  const counts: Counts = new Map();
  for (const line of dtc.stderr.split('\n')) {
    const m = /(?:Warning|ERROR) \(([a-z_0-9]+)\): (.*)$/.exec(line);
    if (!m || m[2]!.startsWith('Failed prerequisite') || !CHECK_SET.has(m[1]!)) continue;
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return counts;
}

function add(into: Counts, key: string, n: number): void {
  into.set(key, (into.get(key) ?? 0) + n);
}

function main(): number {
  const { values } = parseArgs({ options: { arch: { type: 'string', default: 'arm64' }, boards: { type: 'string', default: '100' } } });
  const root = corpusRoot() ?? cachedCorpusDir();
  const all = listBoards(root, values.arch!);
  const wanted = Number(values.boards);
  const step = Math.max(1, Math.floor(all.length / wanted));
  const boards = all.filter((_, i) => i % step === 0).slice(0, wanted);
  // Every other rule off; the dtc rules at their defaults (not named, so a W=1 check follows dtcWarnings).
  const off = Object.fromEntries(rules.filter((r) => !CHECK_SET.has(r.id)).map((r) => [r.id, 'off'] as const));
  const host = new SourceHost();
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-parity-'));
  const ours = LEVELS.map((): Counts => new Map());
  const theirs = LEVELS.map((): Counts => new Map());
  const differ: string[] = [];
  let compared = 0;
  try {
    for (const board of boards) {
      const pre = join(tmp, 'board.pre');
      try {
        execFileSync('cpp', kernelCppArgs(board, pre), { cwd: root, stdio: 'ignore' });
      } catch {
        continue;
      }
      const reference = LEVELS.map((level) => dtcCounts(root, board, pre, tmp, level.flags));
      if (reference.some((r) => r === undefined)) continue;
      compared++;
      LEVELS.forEach((level, i) => {
        const result = lint([join(root, board)], { compile: compileDts, registry: rules, host, rules: off, config: { dtcWarnings: level.dtcWarnings }, cwd: root });
        const mine: Counts = new Map();
        for (const f of result.findings) if (CHECK_SET.has(f.ruleId)) add(mine, f.ruleId, 1);
        for (const check of CHECKS) {
          const a = mine.get(check) ?? 0;
          const b = reference[i]!.get(check) ?? 0;
          add(ours[i]!, check, a);
          add(theirs[i]!, check, b);
          if (a !== b) differ.push(`${board} (${level.name}): ${check} dtlint ${a}, dtc ${b}`);
        }
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const header = LEVELS.map((l) => `${`${l.name} dtlint`.padStart(14)}${`${l.name} dtc`.padStart(11)}`).join('');
  process.stdout.write(`${compared} of ${boards.length} ${values.arch} boards compared (dtc built them at every level)\n\n${'check'.padEnd(34)}${header}\n`);
  for (const check of CHECKS) {
    const cols = LEVELS.map((_, i) => `${String(ours[i]!.get(check) ?? 0).padStart(14)}${String(theirs[i]!.get(check) ?? 0).padStart(11)}`).join('');
    process.stdout.write(`${check.padEnd(34)}${cols}\n`);
  }
  process.stdout.write(`\nboard/level/check counts that differ: ${differ.length}\n${differ.map((d) => `  ${d}\n`).join('')}`);
  return differ.length > 0 ? 1 : 0;
}

process.exitCode = main();
