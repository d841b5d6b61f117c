/**
 * `npm run bench`: dtlint against the kernel's cpp + dtc on every arm64 board of the corpus.
 * dtlint loads all boards in one process, once for each kind of run (RUNS: the front end, the lint),
 * each in a child started for it alone (so that its time and peak RSS are its own) with the node
 * flags bin/dtlint.js gives a run of that many boards; cpp + dtc run once per board, sequentially,
 * as a kernel build does. All in this run, on this machine, without the conformance cache.
 * Bars: the front end >= 4x as fast as cpp + dtc, the lint >= 3x; peak RSS < 1 GiB. Then the seed's
 * pair check from a fresh node (bench/pair.ts; `npm run bench:pair` runs it alone): < 300 ms.
 *
 *   npm run bench -- [--limit N] [--check] [--json FILE]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SourceHost } from '../src/dts/index.js';
import { corpusRoot, corpusVersion, listBoards } from '../scripts/corpus/corpus.js';
import { kernelBuild } from '../scripts/corpus/kernel-build.js';
import { MANY_BOARDS, MANY_BOARDS_NODE_FLAGS } from './node-flags.js';
import { benchPair } from './pair.js';
import { PHASES, type BoardState } from './phases.js';

const ARCH = 'arm64';
const SPEEDUP_BAR = 4;
const LINT_SPEEDUP_BAR = 3;
const RSS_BAR_BYTES = 1 << 30;

/**
 * Each kind of dtlint run measured, in a process of its own (as a user runs it: the phases of one
 * would otherwise change the other's garbage collection and peak RSS).
 */
const RUNS: { name: string; phases: string[]; bar: number }[] = [
  // Issue 3's bar: the front end, what cpp + dtc do (build the trees, write the DTBs).
  { name: 'front end', phases: ['compile', 'dtb'], bar: SPEEDUP_BAR },
  // Issue 4's bar: what `dtlint FILE...` does (front end, dependency graph, every source rule).
  { name: 'lint', phases: ['compile', 'graph+rules'], bar: LINT_SPEEDUP_BAR },
];

interface DtlintRun {
  boards: number;
  /** Milliseconds per phase, summed over boards, in PHASES order. */
  phases: { name: string; ms: number }[];
  /** Wall time of the whole loop. */
  totalMs: number;
  /** Boards with an error diagnostic (or no DTB, when the run writes them). */
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

/** The child: dtlint alone, all boards in this process, through the named phases. */
function runDtlint(root: string, boards: string[], names: readonly string[]): DtlintRun {
  const context = { host: new SourceHost() };
  const phases = PHASES.filter((p) => names.includes(p.name));
  const dtb = names.includes('dtb');
  const phaseMs = phases.map(() => 0);
  let failed = 0;
  let threw = 0;
  const started = performance.now();
  for (const board of boards) {
    const state: BoardState = { file: join(root, board) };
    try {
      phases.forEach((phase, i) => {
        const t = performance.now();
        phase.run(state, context);
        phaseMs[i]! += performance.now() - t;
      });
      if ((dtb && !state.dtb) || !state.compiled?.tree || state.compiled.diagnostics.some((d) => d.severity === 'error')) failed++;
    } catch {
      threw++;
    }
  }
  return {
    boards: boards.length,
    phases: phases.map((p, i) => ({ name: p.name, ms: phaseMs[i]! })),
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

function dtlintInChild(root: string, boards: string[], phases: readonly string[]): DtlintRun {
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-bench-'));
  try {
    const list = join(tmp, 'boards.json');
    writeFileSync(list, JSON.stringify({ root, boards, phases }));
    const out = execFileSync(process.execPath, [...nodeFlags(boards.length), fileURLToPath(import.meta.url), '--child', list], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').at(-1)!) as DtlintRun;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The node flags bin/dtlint.js runs this many boards under. */
function nodeFlags(boards: number): string[] {
  return boards >= MANY_BOARDS ? MANY_BOARDS_NODE_FLAGS : [];
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

  const flags = nodeFlags(boards.length);
  say(`dtlint runs under: node ${flags.join(' ')}${flags.length > 0 ? ` (as bin/dtlint.js runs ${MANY_BOARDS}+ boards)` : ''}`);
  const runs = RUNS.map((run) => {
    const result = dtlintInChild(root, boards, run.phases);
    const phases = result.phases.map((p) => `${p.name} ${secs(p.ms)}`).join(', ');
    say(
      `dtlint ${run.name}, one process: ${secs(result.totalMs)} (${phases}); ${result.failed} boards failed, ${result.threw} threw; ` +
        `peak RSS ${mib(result.maxRssBytes)}`,
    );
    return { ...run, result };
  });
  const tools = await runKernelTools(root, boards);
  say(`cpp + dtc, per board:  ${secs(tools.ms)}; ${tools.failed} boards failed`);

  let met = true;
  const ratios: Record<string, number> = {};
  for (const { name, phases, bar, result } of runs) {
    // Phase time summed over boards: the loop's own overhead is not dtlint's.
    const ms = result.phases.filter((p) => phases.includes(p.name)).reduce((n, p) => n + p.ms, 0);
    const ratio = tools.ms / ms;
    ratios[name] = ratio;
    const fast = ratio >= bar;
    const small = result.maxRssBytes < RSS_BAR_BYTES;
    met &&= fast && small;
    say(
      `${name} (${phases.join(' + ')}): dtlint is ${ratio.toFixed(2)}x as fast as cpp + dtc (bar >= ${bar}x: ${fast ? 'met' : 'NOT met'}); ` +
        `peak RSS ${mib(result.maxRssBytes)} (bar < 1 GiB: ${small ? 'met' : 'NOT met'})`,
    );
  }
  const pair = benchPair({ runs: 20 });
  if (pair) {
    for (const line of pair.lines) say(line);
    met &&= pair.met;
  }
  if (options.json) {
    const dtlint = Object.fromEntries(runs.map((r) => [r.name, r.result]));
    const record = { arch: ARCH, machine: machine(), corpus: corpusVersion(root), nodeFlags: flags, dtlint, cppDtc: tools, ratios, pair: pair?.stats };
    writeFileSync(options.json, `${JSON.stringify(record, null, 2)}\n`);
  }
  return options.check && !met ? 1 : 0;
}

function child(listFile: string): void {
  const { root, boards, phases } = JSON.parse(readFileSync(listFile, 'utf8')) as { root: string; boards: string[]; phases: string[] };
  process.stdout.write(`${JSON.stringify(runDtlint(root, boards, phases))}\n`);
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
