/**
 * A worker thread of a parallel lint (parallel.ts): lints its chunk of boards with the source
 * rules, hands back the findings as plain data, and signals the main thread (which waits on the
 * shared memory, not on its event loop).
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { rules as registry } from '../../rules/index.js';
import { compileDts } from '../dts/index.js';
import { runSourceRules } from '../lint/engine.js';
import { hostFor, resultsFor, toResult, type ChunkResult, type ChunkTask } from './parallel.js';

const { task, state, port } = workerData as { task: ChunkTask; state: Int32Array; port: MessagePort };

function lintChunk(): ChunkResult {
  try {
    const host = hostFor(task.stores);
    const results = resultsFor(task.stores);
    const run = runSourceRules(
      task.files,
      {
        compile: (file, options) => {
          // One more board started: the main thread's sign that this worker is alive.
          Atomics.add(state, 1, 1);
          return compileDts(file, options);
        },
        registry,
        host,
        ...(task.rules ? { rules: task.rules } : {}),
        ...(task.includeDirs ? { includeDirs: task.includeDirs } : {}),
        ...(task.config ? { config: task.config } : {}),
        ...(task.cwd !== undefined ? { cwd: task.cwd } : {}),
        ...(results ? { results } : {}),
      },
    );
    // Plain data: a location may be an object with getters (a kept prefix's), which cloning drops.
    return JSON.parse(JSON.stringify(toResult(run))) as ChunkResult;
  } catch (e) {
    return { raw: [], filesLinted: [], notifications: [], userFiles: [], error: (e as Error).message };
  }
}

port.postMessage(lintChunk());
Atomics.store(state, 0, 1);
Atomics.notify(state, 0);
