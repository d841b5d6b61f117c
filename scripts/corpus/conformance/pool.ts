/**
 * Runs boards through worker threads, one board per worker at a time. A board that takes longer
 * than the timeout, or kills its worker (out of memory, a crash), fails alone: the worker is
 * replaced and the run goes on.
 */
import { Worker } from 'node:worker_threads';
import type { BoardResult } from './check-board.js';
import type { WorkerSetup } from './worker.js';

export interface PoolOptions {
  jobs: number;
  timeoutMs: number;
  setup: WorkerSetup;
  onResult: (result: BoardResult) => void;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);
/** A runaway board should fail, not take the machine (2 cores, shared). */
const WORKER_HEAP_MB = 3072;

export function runPool(boards: string[], options: PoolOptions): Promise<void> {
  let next = 0;
  let running = 0;
  return new Promise((resolveAll) => {
    const finishOne = (): void => {
      running--;
      if (next >= boards.length && running === 0) resolveAll();
    };
    const start = (): void => {
      if (next >= boards.length) return;
      running++;
      const worker = new Worker(WORKER_URL, {
        workerData: options.setup,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      let board: string | undefined;
      let timer: NodeJS.Timeout | undefined;
      let started = 0;
      const feed = (): void => {
        if (next >= boards.length) {
          board = undefined;
          void worker.terminate();
          return;
        }
        board = boards[next++]!;
        started = performance.now();
        timer = setTimeout(() => {
          const lost = board!;
          board = undefined;
          options.onResult({ board: lost, pass: false, reason: `dtlint took over ${options.timeoutMs / 1000} s (stopped)`, ms: performance.now() - started });
          void worker.terminate();
        }, options.timeoutMs);
        worker.postMessage(board);
      };
      worker.on('message', (result: BoardResult) => {
        clearTimeout(timer);
        options.onResult(result);
        feed();
      });
      worker.on('error', (e) => {
        clearTimeout(timer);
        if (board !== undefined) {
          options.onResult({ board, pass: false, reason: `dtlint's worker died: ${e.message}`, detail: (e.stack ?? '').split('\n').slice(0, 12), ms: performance.now() - started });
          board = undefined;
        }
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        if (board !== undefined) {
          options.onResult({ board, pass: false, reason: `dtlint's worker exited (code ${code})`, ms: performance.now() - started });
          board = undefined;
        }
        finishOne();
        // A worker that ended early (timeout, crash) is replaced while boards remain.
        if (next < boards.length) start();
      });
      feed();
    };
    if (boards.length === 0) resolveAll();
    for (let i = 0; i < Math.min(options.jobs, boards.length); i++) start();
  });
}
