/**
 * The oracle's results, cached: cpp + dtc over 2,700 boards takes minutes, so each board's DTB and
 * outcome are kept under the cache dir, keyed by the tool versions and the corpus version. Reruns
 * only run dtlint.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cacheDir, corpusVersion, readMarker } from '../corpus.js';
import { KERNEL_DTC_FLAGS, kernelBuild, kernelCppArgs, kernelDtcArgs, toolVersions } from '../kernel-build.js';

export interface ReferenceRecord {
  board: string;
  ok: boolean;
  failed?: 'cpp' | 'dtc';
  status?: number;
  stderr: string;
}

/** The cache dir for this corpus and these tools. */
export function referenceDir(root: string): string {
  const versions = toolVersions();
  const corpus = corpusVersion(root);
  const key = JSON.stringify({
    ...versions,
    corpus,
    patterns: readMarker(root)?.patterns,
    cpp: kernelCppArgs('BOARD', 'OUT'),
    dtc: kernelDtcArgs('BOARD', 'IN', 'OUT'),
    flags: KERNEL_DTC_FLAGS,
  });
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const slug = corpus.replace(/[^\w.+~-]+/g, '_').slice(0, 60);
  const dir = join(cacheDir(), 'reference', `${slug}-${hash}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'KEY.json'), `${key}\n`);
  return dir;
}

export function referenceDtbPath(dir: string, board: string): string {
  return join(dir, `${board}.dtb`);
}

export function readReference(dir: string, board: string): ReferenceRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, `${board}.json`), 'utf8')) as ReferenceRecord;
  } catch {
    return undefined;
  }
}

/** Runs the kernel build for every board not yet cached, `jobs` at a time. */
export async function buildReferences(
  root: string,
  dir: string,
  boards: string[],
  jobs: number,
  log: (line: string) => void,
): Promise<{ built: number; ms: number }> {
  const todo = boards.filter((b) => !existsSync(join(dir, `${b}.json`)));
  if (todo.length === 0) return { built: 0, ms: 0 };
  log(`building ${todo.length} reference DTBs with cpp + dtc (${jobs} at a time) into ${dir}`);
  const tmp = mkdtempSync(join(tmpdir(), 'dtlint-ref-'));
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async (slot: number): Promise<void> => {
    for (let i = next++; i < todo.length; i = next++) {
      const board = todo[i]!;
      const dtb = referenceDtbPath(dir, board);
      mkdirSync(dirname(dtb), { recursive: true });
      const result = await kernelBuild(root, board, dtb, join(tmp, `${slot}.dts`));
      if (!result.ok) rmSync(dtb, { force: true });
      const record: ReferenceRecord = { board, ...result };
      // The record is written last: its presence means the board is done.
      writeFileSync(join(dir, `${board}.json`), `${JSON.stringify(record)}\n`);
      if (++done % 250 === 0) log(`  ${done}/${todo.length}`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, jobs) }, (_, slot) => worker(slot)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { built: todo.length, ms: performance.now() - started };
}
