/**
 * Compares dtlint's preprocessor with the real one, board by board:
 *   cpp -nostdinc -I<dir of board> -I arch/<arch>/boot/dts -I scripts/dtc/include-prefixes -I include
 *       -undef -D__DTS__ -x assembler-with-cpp BOARD        (run from the kernel root)
 * against preprocess() with the same include dirs. Both outputs are normalized the same way: cpp's
 * line markers dropped, every run of whitespace (newlines included) made one space. Spacing
 * differences that matter to dtc (`FOO:` against `FOO :`) still show; layout does not.
 *
 *   node dist/scripts/probes/pp-compare.js [--arch arm64] [--sample N] [--cache DIR] [--time-only] [BOARD...]
 *
 * BOARD paths are relative to the kernel root (corpusRoot(), or DTLINT_LINUX). Without boards, every
 * board of --arch (every Nth with --sample N). --cache keeps cpp's outputs between runs.
 * --time-only skips cpp and prints how long preprocessing all the boards takes in one process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { preprocess } from '../../src/dts/preprocess/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { corpusRoot, listBoards } from '../corpus/corpus.js';

interface Options {
  arch: string;
  sample: number;
  cache?: string;
  timeOnly: boolean;
  boards: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { arch: 'arm64', sample: 1, timeOnly: false, boards: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--arch') o.arch = argv[++i]!;
    else if (a === '--sample') o.sample = Number(argv[++i]);
    else if (a === '--cache') o.cache = argv[++i]!;
    else if (a === '--time-only') o.timeOnly = true;
    else o.boards.push(a);
  }
  return o;
}

function includeDirs(board: string, arch: string): string[] {
  return [dirname(board), `arch/${arch}/boot/dts`, 'scripts/dtc/include-prefixes', 'include'];
}

function archOf(board: string, fallback: string): string {
  return /^arch\/([^/]+)\//.exec(board)?.[1] ?? fallback;
}

/** cpp's output (cached), and whether it failed. */
function realCpp(board: string, arch: string, cache: string | undefined): { text: string; failed: boolean } {
  const file = cache ? join(cache, board.replace(/\//g, '_') + '.json') : undefined;
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'latin1')) as { text: string; failed: boolean };
  const args = ['-nostdinc', ...includeDirs(board, arch).flatMap((d) => ['-I', d]), '-undef', '-D__DTS__', '-x', 'assembler-with-cpp', board];
  let result: { text: string; failed: boolean };
  try {
    result = { text: execFileSync('cpp', args, { encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 }), failed: false };
  } catch (e) {
    const err = e as { stdout?: string };
    result = { text: err.stdout ?? '', failed: true };
  }
  if (file) writeFileSync(file, JSON.stringify(result), 'latin1');
  return result;
}

function normalize(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^# \d+ "/.test(line))
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const root = corpusRoot();
  if (!root) {
    console.error('no Linux corpus: run `npm run corpus` or set DTLINT_LINUX');
    process.exit(2);
  }
  process.chdir(root);
  if (o.cache) mkdirSync(o.cache, { recursive: true });
  let boards = o.boards.length > 0 ? o.boards : listBoards(root, o.arch);
  if (o.sample > 1) boards = boards.filter((_, i) => i % o.sample === 0);

  const host = new SourceHost();
  let ours = 0;
  let mismatches = 0;
  let statusMismatches = 0;
  let failedBoth = 0;
  for (const board of boards) {
    const arch = archOf(board, o.arch);
    const t0 = performance.now();
    const result = preprocess(board, { host, includeDirs: includeDirs(board, arch) });
    ours += performance.now() - t0;
    if (o.timeOnly) continue;
    const real = realCpp(board, arch, o.cache);
    const failed = result.diagnostics.some((d) => d.severity === 'error');
    if (failed !== real.failed) {
      statusMismatches++;
      console.log(`STATUS ${board}: cpp ${real.failed ? 'failed' : 'ok'}, ours ${failed ? 'failed' : 'ok'}`);
      for (const d of result.diagnostics) console.log(`  ${d.at.file}:${d.at.line}:${d.at.column}: ${d.message}`);
    }
    if (failed && real.failed) failedBoth++;
    const a = normalize(real.text);
    const b = normalize(result.text);
    if (a !== b) {
      mismatches++;
      const i = firstDifference(a, b);
      console.log(`MISMATCH ${board} at ${i}:`);
      console.log(`  cpp:  …${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))}`);
      console.log(`  ours: …${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}`);
    }
  }
  console.log(
    o.timeOnly
      ? `${boards.length} boards preprocessed in ${(ours / 1000).toFixed(2)} s`
      : `${boards.length} boards compared: ${mismatches} text mismatches, ${statusMismatches} status mismatches ` +
          `(${failedBoth} fail in both); ours took ${(ours / 1000).toFixed(2)} s`,
  );
  process.exitCode = mismatches + statusMismatches > 0 ? 1 : 0;
}

main();
