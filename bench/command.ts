/**
 * `npm run bench:command`: what users run, timed as they run it. On the corpus's boards of one
 * architecture (default arm64), in this one run on this machine:
 *
 *   dtlint --format json BOARD...        (bin/dtlint.js executed, a child process): with --no-cache (every
 *                                        board compiled, nothing kept), with an empty cache dir (the
 *                                        same, and each board's findings kept), again with that cache
 *                                        (nothing changed: the kept findings, checked against every
 *                                        file they came from), and with --no-cache on one thread per
 *                                        core (--jobs N)
 *   dtlint --format json arch/ARCH/boot/dts   the directory (its .dts and .dtso files), twice with the
 *                                        cache above (the first run lints the overlays afresh)
 *   the shell loop of a kernel build     for each board: cpp ... | dtc -@ ..., as scripts/Makefile.dtbs
 *                                        runs them (one bash script, not spawned from Node)
 *
 * Each is run under /usr/bin/time for its wall time and peak RSS (of the largest process: dtlint is
 * one process, the loop's largest is one cpp or dtc). Prints both, and the ratio. The bars of issue
 * 18 (8x the shell loop, peak RSS under 1 GiB) are printed as met or not; nothing fails on them.
 *
 *   npm run bench:command -- [--arch arm64|arm|all] [--limit N] [--json FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusRoot, corpusVersion, listBoards } from '../scripts/corpus/corpus.js';
import { DTC_INCLUDE, kernelCppArgs, kernelDtcArgs } from '../scripts/corpus/kernel-build.js';
import { commandEnv, DTLINT_BIN } from './dtlint-command.js';

const SPEED_BAR = 8;
const RSS_BAR_BYTES = 1 << 30;

interface Timed {
  wallMs: number;
  maxRssBytes: number;
  status: number;
}

/** Runs `command` under /usr/bin/time -f '%e %M' (seconds, KiB), output discarded. */
function timed(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Timed {
  const report = join(mkdtempSync(join(tmpdir(), 'dtlint-bench-')), 'time');
  const r = spawnSync('/usr/bin/time', ['-o', report, '-f', '%e %M', command, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 28,
  });
  const [seconds, kib] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  rmSync(report, { force: true });
  return { wallMs: seconds! * 1000, maxRssBytes: kib! * 1024, status: r.status ?? -1 };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The kernel build's loop as one bash script: cpp then dtc per board, sequentially. */
function shellLoop(boards: readonly string[], work: string): string {
  const lines = ['set +e'];
  for (const [i, board] of boards.entries()) {
    const tmp = join(work, `${i}.tmp`);
    const dtb = join(work, `${i}.dtb`);
    lines.push(`cpp ${kernelCppArgs(board, tmp).map(shellQuote).join(' ')} && dtc ${kernelDtcArgs(board, tmp, dtb).map(shellQuote).join(' ')} 2>/dev/null`);
  }
  return lines.join('\n') + '\n';
}

function parseArgs(argv: string[]): { arch: string; limit?: number; json?: string } {
  const out: { arch: string; limit?: number; json?: string } = { arch: 'arm64' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--arch') out.arch = argv[++i]!;
    else if (argv[i] === '--limit') out.limit = Number(argv[++i]);
    else if (argv[i] === '--json') out.json = argv[++i]!;
  }
  return out;
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MiB`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const root = corpusRoot(process.env);
  if (root === undefined || !existsSync(join(root, DTC_INCLUDE))) {
    console.error(`bench: no corpus at ${root} (npm run corpus)`);
    process.exit(2);
  }
  const arches = args.arch === 'all' ? ['arm', 'arm64'] : [args.arch];
  let boards = arches.flatMap((a) => listBoards(root, a));
  if (args.limit !== undefined) boards = boards.slice(0, args.limit);
  console.log(`${boards.length} ${arches.join(' + ')} boards of ${corpusVersion(root)}, ${availableParallelism()} cores; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);

  const cache = mkdtempSync(join(tmpdir(), 'dtlint-bench-cache-'));
  const env = commandEnv({ ...process.env, XDG_CACHE_HOME: cache });
  // Boards are passed as files: the argument list of every arm64 board fits Linux's limit.
  const dtlintArgs = ['--format', 'json', '--output', '/dev/null', ...boards];
  // Every board compiled and linted, nothing kept or read from a cache.
  const none = timed(DTLINT_BIN, ['--no-cache', ...dtlintArgs], { cwd: root, env });
  // An empty cache: the same work, and each board's lexed files and findings kept.
  const cold = timed(DTLINT_BIN, dtlintArgs, { cwd: root, env });
  // Nothing changed since: each board's kept findings (src/lint/result-store.ts), checked against its files.
  const warm = timed(DTLINT_BIN, dtlintArgs, { cwd: root, env });
  // The arch's dts directories as arguments (their .dts and .dtso files), first with the boards'
  // findings kept above (the overlays' not yet), then again.
  const dirs = arches.map((a) => `arch/${a}/boot/dts`);
  const dirArgs = ['--format', 'json', '--output', '/dev/null', ...dirs];
  const dirFirst = timed(DTLINT_BIN, dirArgs, { cwd: root, env });
  const dirWarm = timed(DTLINT_BIN, dirArgs, { cwd: root, env });
  // The whole work on one thread per core: what the worker threads bring.
  const threads = availableParallelism();
  const multi = timed(DTLINT_BIN, ['--no-cache', '--jobs', String(threads), ...dtlintArgs], { cwd: root, env });
  rmSync(cache, { recursive: true, force: true });

  const work = mkdtempSync(join(tmpdir(), 'dtlint-bench-loop-'));
  const script = join(work, 'loop.sh');
  writeFileSync(script, shellLoop(boards, work));
  const loop = timed('bash', [script], { cwd: root });
  rmSync(work, { recursive: true, force: true });

  const row = (name: string, t: Timed, extra = ''): string => `  ${name.padEnd(44)} ${(t.wallMs / 1000).toFixed(1).padStart(6)} s  peak RSS ${mib(t.maxRssBytes).padStart(8)}  exit ${t.status}${extra}`;
  const ratio = (t: Timed): string => `  ${(loop.wallMs / t.wallMs).toFixed(1)}x the loop`;
  console.log(row('dtlint --format json --no-cache', none, ratio(none)));
  console.log(row('dtlint --format json (empty cache)', cold, ratio(cold)));
  console.log(row('dtlint --format json (cache, nothing changed)', warm, ratio(warm)));
  console.log(row(`dtlint --format json ${dirs.join(' ')} (first)`, dirFirst, ratio(dirFirst)));
  console.log(row(`dtlint --format json ${dirs.join(' ')} (again)`, dirWarm, ratio(dirWarm)));
  console.log(row(`dtlint --format json --no-cache --jobs ${threads}`, multi, `${ratio(multi)}; ${(none.wallMs / multi.wallMs).toFixed(2)}x one thread`));
  console.log(row('shell loop cpp | dtc -@', loop));
  const fresh = loop.wallMs / Math.min(none.wallMs, cold.wallMs, multi.wallMs);
  const kept = loop.wallMs / warm.wallMs;
  const rss = Math.max(none.maxRssBytes, cold.maxRssBytes, warm.maxRssBytes, dirFirst.maxRssBytes, dirWarm.maxRssBytes, multi.maxRssBytes);
  const met = (x: number): string => (x >= SPEED_BAR ? 'met' : 'NOT met');
  console.log(`bars: every board linted afresh ${fresh.toFixed(1)}x the shell loop, from the cache ${kept.toFixed(1)}x (bar ${SPEED_BAR}x: ${met(fresh)} afresh, ${met(kept)} from the cache); peak RSS ${mib(rss)} (bar < 1 GiB: ${rss < RSS_BAR_BYTES ? 'met' : 'NOT met'})`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ boards: boards.length, arches, none, cold, warm, dirFirst, dirWarm, multi, loop, speedup: { fresh, kept } }, null, 2) + '\n');
}

main();
