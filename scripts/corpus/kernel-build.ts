/**
 * The kernel's own DTS build, as Linux 6.12 runs it (scripts/Makefile.dtbs, cmd_dtc), for one board:
 *   $(HOSTCC) -E -nostdinc -I scripts/dtc/include-prefixes -undef -D__DTS__ -x assembler-with-cpp -o TMP FILE
 *   dtc -o OUT -b 0 -i $(dir FILE) -i scripts/dtc/include-prefixes $(DTC_FLAGS) TMP
 * run from the kernel root so that file names in line markers and errors are the kernel's.
 * `-@` is added for every board (the kernel adds it for overlay bases only): dtlint is compared
 * with symbols on. This is the oracle for the conformance suite and the baseline of the benchmark.
 */
import { execFile, execFileSync } from 'node:child_process';
import { posix } from 'node:path';

export const DTC_INCLUDE = 'scripts/dtc/include-prefixes';

/** DTC_FLAGS at the kernel's default warning level (no W=1). */
export const KERNEL_DTC_FLAGS = [
  '-Wno-unique_unit_address',
  '-Wno-unit_address_vs_reg',
  '-Wno-avoid_unnecessary_addr_size',
  '-Wno-alias_paths',
  '-Wno-graph_child_address',
  '-Wno-simple_bus_reg',
];

/** `board` is relative to the kernel root, with `/`. */
export function kernelCppArgs(board: string, output: string): string[] {
  return ['-nostdinc', '-I', DTC_INCLUDE, '-undef', '-D__DTS__', '-x', 'assembler-with-cpp', '-o', output, board];
}

export function kernelDtcArgs(board: string, input: string, output: string): string[] {
  const dir = `${posix.dirname(board)}/`;
  return ['-o', output, '-b', '0', '-i', dir, '-i', DTC_INCLUDE, ...KERNEL_DTC_FLAGS, '-@', '-I', 'dts', '-O', 'dtb', input];
}

export interface KernelBuildResult {
  ok: boolean;
  /** The step that failed. */
  failed?: 'cpp' | 'dtc';
  /** Exit status of the failed step. */
  status?: number;
  /** stderr of the failed step, or dtc's warnings on success. */
  stderr: string;
}

/** Builds `board` into `dtb`, with `tmp` for the preprocessed text. Never rejects. */
export async function kernelBuild(root: string, board: string, dtb: string, tmp: string): Promise<KernelBuildResult> {
  const cpp = await run('cpp', kernelCppArgs(board, tmp), root);
  if (cpp.status !== 0) return { ok: false, failed: 'cpp', status: cpp.status, stderr: cpp.stderr };
  const dtc = await run('dtc', kernelDtcArgs(board, tmp, dtb), root);
  if (dtc.status !== 0) return { ok: false, failed: 'dtc', status: dtc.status, stderr: dtc.stderr };
  return { ok: true, stderr: dtc.stderr };
}

function run(command: string, args: string[], cwd: string): Promise<{ status: number; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(command, args, { cwd, maxBuffer: 1 << 26, encoding: 'latin1' }, (error, _stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolvePromise({ status: code, stderr: error && !stderr ? error.message : stderr });
    });
  });
}

/** First line of `cpp --version` and of `dtc --version`: part of the reference cache key. */
export function toolVersions(): { cpp: string; dtc: string } {
  const first = (cmd: string): string => execFileSync(cmd, ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  return { cpp: first('cpp'), dtc: first('dtc') };
}
