/**
 * `node dist/scripts/corpus/dtc-parity.js`: dtlint's dtc parity rules against the real dtc, per check, on a
 * spread of boards of the Linux corpus. dtc runs as a kernel build does (scripts/corpus/kernel-build.ts),
 * with the kernel's default DTC_FLAGS or, with --w1, the W=1 ones; dtlint with dtcWarnings to match.
 * Prints each check's totals on both sides and the boards where they differ.
 *
 *   node dist/scripts/corpus/dtc-parity.js [--arch arm64|arm] [--boards N] [--w1]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../../rules/index.js';
import { compileDts } from '../../src/dts/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { lint } from '../../src/lint/engine.js';
import { cachedCorpusDir, corpusRoot, listBoards } from './corpus.js';
import { KERNEL_DTC_FLAGS, kernelCppArgs, kernelDtcArgs } from './kernel-build.js';

/** The dtc checks dtlint has a rule for (rule id = dtc's check name). */
const CHECKS = ['reg_format', 'ranges_format', 'avoid_default_addr_size', 'unit_address_vs_reg', 'simple_bus_reg', 'unique_unit_address_if_enabled'];

/** scripts/Makefile.dtbs with W=1: the -Wno list goes, -Wunique_unit_address_if_enabled comes. */
function dtcFlags(w1: boolean): string[] {
  return w1 ? ['-Wno-unique_unit_address', '-Wunique_unit_address_if_enabled'] : KERNEL_DTC_FLAGS;
}

function dtcCounts(root: string, board: string, tmp: string, w1: boolean): Map<string, number> | undefined {
  const pre = join(tmp, 'board.pre');
  try {
    execFileSync('cpp', kernelCppArgs(board, pre), { cwd: root, stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const args = kernelDtcArgs(board, pre, join(tmp, 'board.dtb')).filter((a) => !KERNEL_DTC_FLAGS.includes(a));
  const flagged = [...dtcFlags(w1), ...args];
  const dtc = spawnSync('dtc', flagged, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'latin1' });
  if (dtc.status !== 0) return undefined;
  const stderr = dtc.stderr;
  const counts = new Map<string, number>();
  for (const line of stderr.split('\n')) {
    const m = /(?:Warning|ERROR) \(([a-z_]+)\): (.*)$/.exec(line);
    if (!m || m[2]!.startsWith('Failed prerequisite') || !CHECKS.includes(m[1]!)) continue;
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  return counts;
}

function main(): number {
  const { values } = parseArgs({
    options: { arch: { type: 'string', default: 'arm64' }, boards: { type: 'string', default: '100' }, w1: { type: 'boolean', default: false } },
  });
  const root = corpusRoot() ?? cachedCorpusDir();
  const all = listBoards(root, values.arch!);
  const wanted = Number(values.boards);
  const step = Math.max(1, Math.floor(all.length / wanted));
  const boards = all.filter((_, i) => i % step === 0).slice(0, wanted);
  const levels = Object.fromEntries(rules.map((r) => [r.id, CHECKS.includes(r.id) ? r.level : 'off'] as const));
  const host = new SourceHost();
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-parity-'));
  const ours = new Map<string, number>();
  const theirs = new Map<string, number>();
  const differ: string[] = [];
  try {
    for (const board of boards) {
      const reference = dtcCounts(root, board, tmp, values.w1!);
      if (!reference) continue;
      const result = lint([join(root, board)], {
        compile: compileDts,
        registry: rules,
        host,
        rules: levels,
        config: { dtcWarnings: values.w1 ? 'W=1' : 'kernel' },
        cwd: root,
      });
      const mine = new Map<string, number>();
      for (const f of result.findings) mine.set(f.ruleId, (mine.get(f.ruleId) ?? 0) + 1);
      for (const check of CHECKS) {
        const a = mine.get(check) ?? 0;
        const b = reference.get(check) ?? 0;
        ours.set(check, (ours.get(check) ?? 0) + a);
        theirs.set(check, (theirs.get(check) ?? 0) + b);
        if (a !== b) differ.push(`${board}: ${check} dtlint ${a}, dtc ${b}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`${boards.length} ${values.arch} boards, DTC_FLAGS ${values.w1 ? 'W=1' : 'kernel default'}\n\ncheck                              dtlint      dtc\n`);
  for (const check of CHECKS) process.stdout.write(`${check.padEnd(34)}${String(ours.get(check)).padStart(7)}  ${String(theirs.get(check)).padStart(7)}\n`);
  process.stdout.write(`\nboards where a count differs: ${differ.length}\n${differ.map((d) => `  ${d}\n`).join('')}`);
  return differ.length > 0 ? 1 : 0;
}

process.exitCode = main();
