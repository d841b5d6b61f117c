/**
 * `npm run bench:large`: one generated board at a few sizes (bench/large-dts.ts: a phandle chain
 * through every node plus a binary fan-out, so the dependency closure of the last node is the whole
 * graph), timed as users run it, each under /usr/bin/time -v for wall time and peak RSS:
 *
 *   dtlint --no-cache --format json FILE            the lint
 *   dtlint deps --no-cache FILE dN                  the closure of the last node, as text
 *   cpp ... FILE | dtc -@ -I dts -O dtb             the kernel build's two steps on the same file
 *
 * Prints a table (wall and CPU time), and per size step the growth factor of CPU time and of memory next to that of the
 * size: linear work grows as the size does (issue 18: a 50 MB DTS and a 10,000-node graph in time
 * and memory linear in their size).
 *
 *   npm run bench:large -- [--sizes 1,5,10,25,50] [--nodes N,...] [--build-max-mb 10] [--keep DIR] [--json FILE]
 *
 * --sizes are megabytes (10^6 bytes) of DTS; --nodes gives node counts instead. cpp | dtc runs only
 * up to --build-max-mb (default 10): dtc itself grows with the square of the size here (it looks up
 * each label by walking the tree: 10 MB ~1 min, 25 MB over 8 min on this machine).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceLabel, largeDts, nodesForBytes } from './large-dts.js';

interface Timed {
  wallMs: number;
  /** User + system time: on a shared machine the steadier figure for growth. */
  cpuMs: number;
  maxRssBytes: number;
  status: number;
}

/** `bash -c script` under /usr/bin/time -v; a pipeline's peak RSS is its largest process's. */
function timed(script: string, cwd: string): Timed {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-large-time-'));
  const report = join(dir, 'time');
  spawnSync('/usr/bin/time', ['-v', '-o', report, 'bash', '-o', 'pipefail', '-c', script], { cwd, stdio: 'ignore' });
  const text = readFileSync(report, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(text)?.[1]?.trim() ?? '';
  // "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((acc, part) => acc * 60 + Number(part), 0);
  const status = /Command exited with non-zero status (\d+)/.exec(text);
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  return { wallMs: wall * 1000, cpuMs: cpu * 1000, maxRssBytes: Number(field('Maximum resident set size \\(kbytes\\)')) * 1024, status: status ? Number(status[1]) : 0 };
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function parseArgs(argv: string[]): { nodes: number[]; buildMaxBytes: number; keep?: string; json?: string } {
  let nodes = [1, 5, 10, 25, 50].map((mb) => nodesForBytes(mb * 1e6));
  const out: { nodes: number[]; buildMaxBytes: number; keep?: string; json?: string } = { nodes, buildMaxBytes: 10.5e6 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') nodes = argv[++i]!.split(',').map((mb) => nodesForBytes(Number(mb) * 1e6));
    else if (argv[i] === '--nodes') nodes = argv[++i]!.split(',').map(Number);
    else if (argv[i] === '--build-max-mb') out.buildMaxBytes = Number(argv[++i]) * 1e6 + 0.5e6;
    else if (argv[i] === '--keep') out.keep = argv[++i]!;
    else if (argv[i] === '--json') out.json = argv[++i]!;
  }
  out.nodes = nodes;
  return out;
}

interface Row {
  nodes: number;
  bytes: number;
  lint: Timed;
  deps: Timed;
  depsOutputBytes: number;
  /** Undefined over --build-max-mb. */
  build: Timed | undefined;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const sec = (ms: number): string => (ms / 1000).toFixed(2);

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const bin = fileURLToPath(new URL('../../bin/dtlint.js', import.meta.url));
  const work = args.keep ?? mkdtempSync(join(tmpdir(), 'dtlint-large-'));
  console.log(`${availableParallelism()} cores; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; files in ${work}`);
  const rows: Row[] = [];
  for (const nodes of args.nodes) {
    const file = join(work, `large-${nodes}.dts`);
    writeFileSync(file, '');
    for (const chunk of largeDts(nodes)) appendFileSync(file, chunk);
    const bytes = statSync(file).size;
    const depsOut = join(work, `deps-${nodes}.txt`);
    const lint = timed(`${q(process.execPath)} ${q(bin)} --no-cache --format json --output /dev/null ${q(file)}`, work);
    const deps = timed(`${q(process.execPath)} ${q(bin)} deps --no-cache ${q(file)} ${deviceLabel(nodes)} > ${q(depsOut)}`, work);
    const depsOutputBytes = statSync(depsOut).size;
    rmSync(depsOut, { force: true });
    const build = bytes > args.buildMaxBytes ? undefined : timed(`cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp ${q(file)} | dtc -q -@ -I dts -O dtb -o /dev/null -`, work);
    rows.push({ nodes, bytes, lint, deps, depsOutputBytes, build });
    if (!args.keep) rmSync(file, { force: true });
    console.log(`  ${nodes} nodes, ${mb(bytes)} MB: done`);
  }
  if (!args.keep) rmSync(work, { recursive: true, force: true });

  const header = ['nodes', 'MB', 'lint s', 'cpu s', 'MiB', 'deps s', 'cpu s', 'MiB', 'out MB', 'cpp|dtc s', 'cpu s', 'MiB', 'lint/build cpu'];
  const table = rows.map((r) => [
    String(r.nodes),
    mb(r.bytes),
    sec(r.lint.wallMs) + (r.lint.status > 1 ? ` (exit ${r.lint.status})` : ''),
    sec(r.lint.cpuMs),
    mib(r.lint.maxRssBytes),
    sec(r.deps.wallMs) + (r.deps.status !== 0 ? ` (exit ${r.deps.status})` : ''),
    sec(r.deps.cpuMs),
    mib(r.deps.maxRssBytes),
    mb(r.depsOutputBytes),
    r.build ? sec(r.build.wallMs) + (r.build.status !== 0 ? ` (exit ${r.build.status})` : '') : '-',
    r.build ? sec(r.build.cpuMs) : '-',
    r.build ? mib(r.build.maxRssBytes) : '-',
    r.build ? `${(r.lint.cpuMs / r.build.cpuMs).toFixed(1)}x` : '-',
  ]);
  printTable(header, table);
  console.log('\ngrowth per size step, CPU time (user + system) and peak RSS (linear: they grow as the size does; RSS has a fixed start of ~60 MiB)');
  const growth: string[][] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const f = (x: number, y: number): string => `${(y / x).toFixed(2)}x`;
    growth.push([
      `${mb(a.bytes)} -> ${mb(b.bytes)} MB`,
      f(a.bytes, b.bytes),
      f(a.lint.cpuMs, b.lint.cpuMs),
      f(a.lint.maxRssBytes, b.lint.maxRssBytes),
      f(a.deps.cpuMs, b.deps.cpuMs),
      f(a.deps.maxRssBytes, b.deps.maxRssBytes),
      a.build && b.build ? f(a.build.cpuMs, b.build.cpuMs) : '-',
    ]);
  }
  printTable(['step', 'size', 'lint cpu', 'lint RSS', 'deps cpu', 'deps RSS', 'cpp|dtc cpu'], growth);
  if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 2) + '\n');
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

main();
