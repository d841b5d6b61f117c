/**
 * Source rules over many boards on worker threads (node:worker_threads), merged as one thread
 * would have made them. The boards are cut into contiguous chunks, in input order: the main thread
 * lints the first, each worker one of the others, each with a SourceHost of its own (a chunk holds
 * neighbouring boards, which share their .dtsi files and headers). A worker hands back its chunk's
 * findings as plain data; the main thread appends the chunks in order, so the finishing step
 * (dedupe, suppressions, order, fingerprints) sees exactly what a sequential run gives it, and the
 * output is byte-identical.
 *
 * `lint` is synchronous (the CLI's commands are), so the main thread waits for the workers with
 * Atomics.wait on shared memory and takes their answers with receiveMessageOnPort. A worker that
 * makes no progress for WORKER_STALL_MS (it died, or cannot start) is given up: its chunk is linted
 * on the main thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessagePort, Worker } from 'node:worker_threads';

type WorkerThreads = typeof import('node:worker_threads');
/** node:worker_threads (and the streams it loads, ~4 ms), loaded when a run first starts a worker: not on every start. */
function workerThreads(): WorkerThreads {
  return process.getBuiltinModule('node:worker_threads') as WorkerThreads;
}
import { SourceHost } from '../dts/source.js';
import { PrefixShare } from '../dts/store/prefix-share.js';
import { diskScanStore } from '../dts/store/scan-store.js';
import { diskResultStore, type ResultStore } from '../lint/result-store.js';
import type { Finding } from '../lint/finding.js';
import type { LintConfig, LintOptions, Notification, SourceRun } from '../lint/engine.js';

/** What a worker needs to make the run's stores: the scan store's dir (none: no store), the result store's. */
export interface WorkerStores {
  scanDir?: string;
  producer: string;
  results?: { dir: string; producer: string };
}

/** What a worker is handed (structured-cloned: plain data only). */
export interface ChunkTask {
  files: string[];
  rules?: LintOptions['rules'];
  includeDirs?: readonly string[];
  config?: LintConfig;
  cwd?: string;
  stores?: WorkerStores;
}

/** What a worker hands back. */
export interface ChunkResult {
  raw: Finding[];
  filesLinted: string[];
  notifications: Notification[];
  userFiles: string[];
  /** Set when the worker itself failed: the main thread lints the chunk. */
  error?: string;
}

/** A worker with no board done for this long is given up. */
const WORKER_STALL_MS = 120_000;

/** The smallest chunk worth a worker (its start, ~0.3 s, is paid once). */
export const MIN_BOARDS_PER_WORKER = 24;

/** Shared memory per worker: [done flag, boards done]. */
const DONE = 0;
const PROGRESS = 1;

/** The SourceHost a chunk is linted with, from the run's stores. */
export function hostFor(stores: WorkerStores | undefined): SourceHost {
  const share = new PrefixShare();
  return new SourceHost(new Map(), stores?.scanDir !== undefined ? { scans: diskScanStore(stores.scanDir, stores.producer), share } : { share });
}

/** The result store a chunk keeps boards' findings in, from the run's stores. */
export function resultsFor(stores: WorkerStores | undefined): ResultStore | undefined {
  return stores?.results ? diskResultStore(stores.results.dir, stores.results.producer) : undefined;
}

/** Contiguous chunks of `files`, `n` of them at most, as even as can be. */
export function chunksOf<T>(files: readonly T[], n: number): T[][] {
  const count = Math.max(1, Math.min(n, files.length));
  const chunks: T[][] = [];
  for (let i = 0; i < count; i++) chunks.push(files.slice(Math.floor((i * files.length) / count), Math.floor(((i + 1) * files.length) / count)));
  return chunks;
}

/** The worker's module: beside this one (dist/src/run), or under dist/src when this is the bundle. */
function workerPath(): string | undefined {
  for (const rel of ['./lint-worker.js', './src/run/lint-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

interface Running {
  worker: Worker;
  port: MessagePort;
  state: Int32Array;
  task: ChunkTask;
}

/**
 * Runs the source rules over `files` on `workers` threads (the main thread counted) and returns
 * the merged run; `lintChunk` lints one chunk on this thread (the engine's runSourceRules).
 */
export function runSourceRulesParallel(
  files: readonly string[],
  task: Omit<ChunkTask, 'files'>,
  workers: number,
  lintChunk: (files: readonly string[]) => SourceRun,
): SourceRun {
  const unique = [...new Set(files)];
  const path = workerPath();
  const chunks = chunksOf(unique, Math.min(workers, Math.floor(unique.length / MIN_BOARDS_PER_WORKER)));
  const running: (Running | undefined)[] = chunks.slice(1).map((chunk) => (path === undefined ? undefined : start(path, { ...task, files: chunk })));
  const run = lintChunk(chunks[0] ?? []);
  for (const [i, r] of running.entries()) {
    const result = r ? waitFor(r) : undefined;
    if (result === undefined || result.error !== undefined) {
      // No worker, or it failed: this thread lints its chunk (what one thread would have done).
      merge(run, toResult(lintChunk(chunks[i + 1]!)));
      continue;
    }
    merge(run, result);
  }
  return run;
}

function start(path: string, task: ChunkTask): Running | undefined {
  try {
    const state = new Int32Array(new SharedArrayBuffer(8));
    const { MessageChannel, Worker } = workerThreads();
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(path, { workerData: { task, state, port: port2 }, transferList: [port2], stdout: false, stderr: false });
    // The process may end while a worker is still winding down.
    worker.unref();
    return { worker, port: port1, state, task };
  } catch {
    return undefined;
  }
}

/** The worker's result, once it signals; undefined when it stalls. */
function waitFor(r: Running): ChunkResult | undefined {
  let progress = Atomics.load(r.state, PROGRESS);
  let since = Date.now();
  while (Atomics.load(r.state, DONE) === 0) {
    Atomics.wait(r.state, DONE, 0, 1000);
    const now = Atomics.load(r.state, PROGRESS);
    if (now !== progress) {
      progress = now;
      since = Date.now();
    } else if (Date.now() - since > WORKER_STALL_MS) {
      void r.worker.terminate();
      return undefined;
    }
  }
  const message = workerThreads().receiveMessageOnPort(r.port);
  r.port.close();
  return message?.message as ChunkResult | undefined;
}

/** A chunk's run as a worker hands it back. */
export function toResult(run: SourceRun): ChunkResult {
  return { raw: run.raw, filesLinted: run.filesLinted, notifications: run.notifications, userFiles: [...run.userFiles] };
}

/**
 * Appends a later chunk to the run. Notifications about the run rather than a file (an unknown
 * rule) come from every chunk alike: the first chunk's are kept.
 */
function merge(run: SourceRun, chunk: ChunkResult): void {
  for (const f of chunk.raw) run.raw.push(f);
  for (const f of chunk.filesLinted) run.filesLinted.push(f);
  for (const n of chunk.notifications) if (n.file !== undefined) run.notifications.push(n);
  for (const f of chunk.userFiles) run.userFiles.add(f);
}

