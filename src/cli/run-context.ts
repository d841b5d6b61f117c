/**
 * What a command gets from the CLI besides its options: the SourceHost it reads files through,
 * with the stores the CLI keeps between runs, made once the command knows how many DTS files it
 * compiles. No globals: main.ts makes one context per run and hands it to the command.
 *
 * Stores: lexed files in `$XDG_CACHE_HOME/dtlint/scans` (default `~/.cache/dtlint/scans`), so that
 * a pre-commit hook lexes only the files a commit changed; board prefixes in
 * `$XDG_CACHE_HOME/dtlint/prefixes` (src/dts/store/prefix.ts), for runs of a few boards only (a run
 * over a whole tree would write an entry of ~1 MB per board). `--no-cache` turns both off; with no
 * home directory there are none.
 */
import { dirname, join } from 'node:path';
import { SourceHost } from '../dts/source.js';
import { diskPrefixStore } from '../dts/store/prefix.js';
import { PrefixShare } from '../dts/store/prefix-share.js';
import { diskScanStore } from '../dts/store/scan-store.js';
import { SpareBuffer } from '../dts/store/spare-buffer.js';
import type { FrontEndStores } from '../dts/store/stores.js';
import { version } from '../version.js';
import { diskResultStore, type ResultStore } from '../lint/result-store.js';
import type { WorkerStores } from '../run/parallel.js';

export type RunSizeHook = (dtsFiles: number) => void;

/** The largest run that keeps board prefixes. */
export const PREFIX_MAX_RUN = 16;

export interface RunContextOptions {
  /** `--cache` (default true). */
  cache: boolean;
  /** Told how many DTS files the command compiles, before it compiles them (bin/dtlint.js tunes V8). */
  onRunSize?: RunSizeHook;
  /** Memory the caller is done with, for the first large store entry read. */
  spareBuffer?: Buffer;
  env?: NodeJS.ProcessEnv;
  /**
   * The build's id (the bundle's: scripts/build/bundle.ts). Boards' findings are kept between runs
   * only with one: findings another build made are never read (without a bundle there is none).
   */
  buildId?: string;
}

export interface RunContext {
  /** The run's SourceHost for a command about to compile `dtsFiles` DTS files. */
  hostFor(dtsFiles: number): SourceHost;
  /** What a worker thread of a many-boards run makes its host's stores from (the scan store). */
  workerStores(): WorkerStores;
  /** The store of boards' findings between runs (src/lint/result-store.ts), when the run keeps them. */
  results(): ResultStore | undefined;
}

export function scanCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base === undefined ? undefined : join(base, 'dtlint', 'scans');
}

export function runContext(options: RunContextOptions): RunContext {
  return {
    hostFor(dtsFiles) {
      options.onRunSize?.(dtsFiles);
      return new SourceHost(new Map(), storesFor(options, dtsFiles));
    },
    workerStores() {
      const dir = options.cache ? scanCacheDir(options.env) : undefined;
      const results = resultsDir(options);
      return {
        producer: `dtlint ${version}`,
        ...(dir !== undefined ? { scanDir: dir } : {}),
        ...(results !== undefined ? { results: { dir: results, producer: options.buildId! } } : {}),
      };
    },
    results() {
      const dir = resultsDir(options);
      return dir === undefined ? undefined : diskResultStore(dir, options.buildId!);
    },
  };
}

/** Where boards' findings are kept: beside the scan store, with the cache on and a build id. */
function resultsDir(options: Pick<RunContextOptions, 'cache' | 'env' | 'buildId'>): string | undefined {
  const scans = options.cache && options.buildId !== undefined ? scanCacheDir(options.env) : undefined;
  return scans === undefined ? undefined : join(dirname(scans), 'results');
}

/** The stores of a run of `dtsFiles` DTS files. */
export function storesFor(options: Pick<RunContextOptions, 'cache' | 'spareBuffer' | 'env'>, dtsFiles: number): FrontEndStores {
  const dir = options.cache ? scanCacheDir(options.env) : undefined;
  // A run of many boards shares what boards' #include lines give within itself, cache or not.
  const share = dtsFiles > 1 ? { share: new PrefixShare() } : {};
  if (dir === undefined) return share;
  const producer = `dtlint ${version}`;
  const scans = diskScanStore(dir, producer);
  if (dtsFiles > PREFIX_MAX_RUN) return { scans, ...share };
  return { scans, prefixes: diskPrefixStore(join(dirname(dir), 'prefixes'), producer, new SpareBuffer(options.spareBuffer)) };
}
