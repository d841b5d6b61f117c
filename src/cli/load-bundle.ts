/**
 * How bin/dtlint.js starts the bundled CLI (dist/dtlint.cjs): with V8's code cache beside the
 * bundle (dist/dtlint.cjs.cache), then the V8 flags for the size of the run.
 *
 * A cold `dtlint check` otherwise spends a large part of its time (docs/performance.md) parsing
 * and compiling the bundle and the functions it calls; with the cache V8 takes their bytecode from the file. Node 20 has no code
 * cache for ES modules nor `module.enableCompileCache`, so the bundle is a classic script run the
 * way Node runs a CommonJS module. A cache V8 rejects (another Node version, other flags) or a
 * missing one only costs that time: the script compiles from source as usual.
 */
import { setFlagsFromString } from 'node:v8';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { readAllInto } from '../dts/store/spare-buffer.js';
import { writeAtomically } from '../dts/store/write-atomically.js';

/**
 * The bundle's main (src/cli/main.ts): onRunSize is told the DTS files a command compiles;
 * spareBuffer is memory the loader is done with (src/dts/store/spare-buffer.ts).
 */
export type Main = (argv: string[], hooks?: { onRunSize?: (dtsFiles: number) => void; spareBuffer?: Buffer; buildId?: string }) => Promise<number>;

export interface LoadedBundle {
  main: Main;
  /** True when V8 took the code from the cache file. */
  cacheUsed: boolean;
  /**
   * Writes the code cache (with every function compiled so far) under the flags the bundle was
   * loaded with (a short run's flags are undone first); false when it could not.
   */
  saveCodeCache(): boolean;
}

/**
 * A short run (one board, a host/guest pair: 1 to SHORT_RUN_MAX_FILES DTS files) is over
 * before TurboFan's optimized code pays for its compiling, which competes with the run for the
 * cores: it runs on Sparkplug's baseline code, compiled on each function's first call (the seed
 * host's cold compile takes a third less; docs/performance.md). From four boards on, TurboFan wins.
 *
 * A short run also keeps the young generation at the size it starts with (growth factor 1: V8
 * clamps the factor to 2 only when the heap is set up). Growing it means touching fresh pages,
 * and page faults are dear on the VMs we run on (docs/performance.md): the seed's pair check then
 * takes a few thousand fewer faults, for more (small) scavenges.
 *
 * The flags are set once the bundle has loaded: its one-off top-level code is cheaper interpreted
 * than compiled, and the code cache is made and read under Node's own flags.
 */
export const SHORT_RUN_MAX_FILES = 3;
export const SHORT_RUN_V8_FLAGS = ['--no-opt', '--always-sparkplug', '--semi-space-growth-factor=1'];
const DEFAULT_V8_FLAGS = ['--opt', '--no-always-sparkplug', '--semi-space-growth-factor=2'];

export type StartProfile = 'short' | 'default';

/** By the DTS files the command compiles (a .dtsi counts as the boards that include it). */
export function startProfile(dtsFiles: number): StartProfile {
  return dtsFiles >= 1 && dtsFiles <= SHORT_RUN_MAX_FILES ? 'short' : 'default';
}

let shortRunFlags = false;

/** Sets the V8 flags of a run of this size; after loadBundle, before the run compiles anything. */
export function applyStartProfile(profile: StartProfile): void {
  if (profile !== 'short' || shortRunFlags) return;
  for (const flag of SHORT_RUN_V8_FLAGS) setFlagsFromString(flag);
  shortRunFlags = true;
}

export function codeCachePath(bundle: string): string {
  return `${bundle}.cache`;
}

/**
 * V8 takes a code cache for any script of the same length (the only check it makes of the source),
 * so a cache written for another build of the bundle that happens to have the same length would run
 * that build's bytecode. The build writes an id (a hash of the bundle) at the bundle's start
 * (scripts/build/bundle.ts); the cache file begins with the id it was written for, and any other bundle
 * reads it as no cache. The header is 24 bytes, so that V8's data stays 8-aligned.
 */
export const BUILD_ID_LENGTH = 16;
const CACHE_MAGIC = 'DTLCC1 ';
const CACHE_HEADER_BYTES = CACHE_MAGIC.length + BUILD_ID_LENGTH + 1;
const BUILD_ID = /^\(function \(exports, require, module, __filename, __dirname\) \{\/\*dtlint-build:([0-9a-f]+)\*\//;

/** The build id at the start of the bundle's text; undefined for a bundle without one. */
export function buildIdOf(source: string): string | undefined {
  const id = BUILD_ID.exec(source.slice(0, 120))?.[1];
  return id !== undefined && id.length === BUILD_ID_LENGTH && id !== '0'.repeat(BUILD_ID_LENGTH) ? id : undefined;
}

function cacheHeader(id: string): string {
  return `${CACHE_MAGIC}${id}\n`;
}

/**
 * Room for the bundle and its code cache, read in turn into one buffer that then goes to the
 * first large store entry the run reads (src/dts/store/spare-buffer.ts). Pages never written are never
 * mapped, so the unused part costs nothing.
 */
const SPARE_BYTES = 2 * 1024 * 1024;

/** Loads the bundle, with the code cache in `cacheFile` when given. */
export function loadBundle(bundle: string, cacheFile?: string): LoadedBundle {
  const cache = cacheFile === undefined ? undefined : openOrUndefined(cacheFile);
  const fd = openSync(bundle, 'r');
  let spare: Buffer | undefined;
  let source: string;
  let id: string | undefined;
  let cachedData: Buffer | undefined;
  try {
    const sourceSize = fstatSync(fd).size;
    const cacheSize = cache === undefined ? 0 : fstatSync(cache).size;
    spare = Buffer.allocUnsafeSlow(Math.max(SPARE_BYTES, sourceSize, cacheSize));
    // The bundle is ASCII (esbuild's charset option): latin1 skips UTF-8 decoding. It is one
    // function expression, the CommonJS module wrapper (scripts/build/bundle.ts), so that V8 compiles
    // the text as read.
    source = readAllInto(fd, spare, sourceSize).toString('latin1');
    id = buildIdOf(source);
    const header = id === undefined ? undefined : cacheHeader(id);
    // V8 reads the cache while it compiles, and keeps nothing of it.
    const cached = cache === undefined || header === undefined ? undefined : readAllInto(cache, spare, cacheSize);
    if (cached && cached.length > CACHE_HEADER_BYTES && cached.toString('latin1', 0, CACHE_HEADER_BYTES) === header) {
      cachedData = cached.subarray(CACHE_HEADER_BYTES);
    }
  } finally {
    closeSync(fd);
    if (cache !== undefined) closeSync(cache);
  }
  const script = new Script(source, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { main?: Main } };
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${bundle} does not export main()`);
  return {
    main: (argv, hooks) => {
      // For the first run only: the read that takes the buffer keeps it.
      const spareBuffer = spare;
      spare = undefined;
      return main(argv, { ...hooks, ...(spareBuffer ? { spareBuffer } : {}), ...(id !== undefined ? { buildId: id } : {}) });
    },
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    saveCodeCache() {
      if (cacheFile === undefined) return false;
      // V8 stamps the cache with the flags in force: those the bundle was loaded under.
      if (shortRunFlags) {
        for (const flag of DEFAULT_V8_FLAGS) setFlagsFromString(flag);
        shortRunFlags = false;
      }
      // A bundle without a build id (not made by scripts/build/bundle.ts) gets no cache to mistake.
      if (id === undefined) return false;
      return writeAtomically(cacheFile, Buffer.concat([Buffer.from(cacheHeader(id), 'latin1'), script.createCachedData()]));
    },
  };
}

function openOrUndefined(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}
