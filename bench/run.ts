/**
 * `npm run bench`: dtlint against the kernel's cpp + dtc on every arm64 board of the corpus.
 * dtlint loads and builds all boards in one process (a child started for it alone, so its peak RSS
 * is its own); cpp + dtc run once per board, sequentially, as a kernel build does. Both in this run,
 * on this machine, without the conformance cache. Bar: dtlint >= 4x faster, peak RSS < 1 GiB.
 *
 *   npm run bench -- [--limit N] [--check] [--json FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SourceHost } from '../src/dts/index.js';
import { corpusRoot, corpusVersion, listBoards } from '../scripts/corpus.js';
import { kernelBuild } from '../scripts/kernel-build.js';
import { PHASES, type BoardState } from './phases.js';

const ARCH = 'arm64';
const SPEEDUP_BAR = 4;
const LINT_SPEEDUP_BAR = 3;
const RSS_BAR_BYTES = 1 << 30;

interface DtlintRun {
  boards: number;
  /** Milliseconds per phase, summed over boards, in PHASES order. */
  phases: { name: string; ms: number }[];
  /** Wall time of the whole loop. */
  totalMs: number;
  /** Boards with an error diagnostic or no DTB. */
  failed: number;
  /** Boards where dtlint threw. */
  threw: number;
  maxRssBytes: number;
}

interface Options {
  limit?: number;
  check: boolean;
  json?: string;
}

/** The child: dtlint alone, all boards in this process. */
function runDtlint(root: string, boards: string[]): DtlintRun {
  const context = { host: new SourceHost() };
  const phaseMs = PHASES.map(() => 0);
  let failed = 0;
  let threw = 0;
  const started = performance.now();
  for (const board of boards) {
    const state: BoardState = { file: join(root, board) };
    try {
      PHASES.forEach((phase, i) => {
        const t = performance.now();
        phase.run(state, context);
        phaseMs[i]! += performance.now() - t;
      });
      if (!state.dtb || state.compiled?.diagnostics.some((d) => d.severity === 'error')) failed++;
    } catch {
      threw++;
    }
  }
  return {
    boards: boards.length,
    phases: PHASES.map((p, i) => ({ name: p.name, ms: phaseMs[i]! })),
    totalMs: performance.now() - started,
    failed,
    threw,
    // resourceUsage reports kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** cpp + dtc per board, one after the other, as `make dtbs -j1` would. */
async function runKernelTools(root: string, boards: string[]): Promise<{ ms: number; failed: number }> {
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-bench-'));
  let failed = 0;
  const started = performance.now();
  try {
    for (const board of boards) {
      const r = await kernelBuild(root, board, join(tmp, 'out.dtb'), join(tmp, 'pre.dts'));
      if (!r.ok) failed++;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { ms: performance.now() - started, failed };
}

function dtlintInChild(root: string, boards: string[]): DtlintRun {
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-bench-'));
  try {
    const list = join(tmp, 'boards.json');
    writeFileSync(list, JSON.stringify({ root, boards }));
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', list], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as DtlintRun;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown cpu';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1]?.trim() ?? model;
  } catch {
    // Not Linux: os.cpus() has it.
  }
  return `${model}, ${availableParallelism()} cores, node ${process.version}, linux ${release()}`;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--limit') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error('--limit needs a positive integer');
      options.limit = n;
    } else if (arg === '--check') options.check = true;
    else if (arg === '--json') {
      const file = argv[++i];
      if (!file) throw new Error('--json needs a file');
      options.json = file;
    } else throw new Error(`unknown option ${arg} (options: --limit N, --check, --json FILE)`);
  }
  return options;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string => `${(bytes / (1 << 20)).toFixed(0)} MiB`;

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const root = corpusRoot();
  if (!root) {
    process.stdout.write('bench: skipped: no Linux corpus (run `npm run corpus`, or set DTLINT_LINUX)\n');
    return 0;
  }
  const boards = listBoards(root, ARCH).slice(0, options.limit);
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say(`bench: ${boards.length} ${ARCH} boards from ${root} (${corpusVersion(root)})`);
  say(`machine: ${machine()}`);

  const dtlint = dtlintInChild(root, boards);
  const phases = dtlint.phases.map((p) => `${p.name} ${secs(p.ms)}`).join(', ');
  say(`dtlint, one process:   ${secs(dtlint.totalMs)} (${phases}); ${dtlint.failed} boards failed, ${dtlint.threw} threw`);
  const tools = await runKernelTools(root, boards);
  say(`cpp + dtc, per board:  ${secs(tools.ms)}; ${tools.failed} boards failed`);

  const phaseMs = (name: string): number => dtlint.phases.find((p) => p.name === name)?.ms ?? 0;
  // Issue 3's bar: the front end (build the trees and write the DTBs, what cpp + dtc do).
  const ratio = tools.ms / (phaseMs('compile') + phaseMs('dtb'));
  const fast = ratio >= SPEEDUP_BAR;
  const small = dtlint.maxRssBytes < RSS_BAR_BYTES;
  say(`ratio: dtlint is ${ratio.toFixed(2)}x as fast as cpp + dtc (bar >= ${SPEEDUP_BAR}x: ${fast ? 'met' : 'NOT met'})`);
  // The whole corpus lint: front end, dependency graph and every source rule.
  const lintRatio = tools.ms / (phaseMs('compile') + phaseMs('graph+rules'));
  const lintFast = lintRatio >= LINT_SPEEDUP_BAR;
  say(`lint (compile + graph + source rules): ${lintRatio.toFixed(2)}x as fast as cpp + dtc (bar >= ${LINT_SPEEDUP_BAR}x: ${lintFast ? 'met' : 'NOT met'})`);
  say(`peak RSS of dtlint: ${mib(dtlint.maxRssBytes)} (bar < 1 GiB: ${small ? 'met' : 'NOT met'})`);
  if (options.json) {
    const record = { arch: ARCH, machine: machine(), corpus: corpusVersion(root), dtlint, cppDtc: tools, ratio };
    writeFileSync(options.json, `${JSON.stringify(record, null, 2)}\n`);
  }
  return options.check && !(fast && small && lintFast) ? 1 : 0;
}

function child(listFile: string): void {
  const { root, boards } = JSON.parse(readFileSync(listFile, 'utf8')) as { root: string; boards: string[] };
  process.stdout.write(`${JSON.stringify(runDtlint(root, boards))}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--child') child(process.argv[3]!);
  else {
    main().then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
      },
    );
  }
}
