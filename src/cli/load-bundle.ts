/**
 * Loads the bundled CLI (dist/dtlint.cjs) with V8's code cache beside it (dist/dtlint.cjs.cache).
 * A cold `dtlint check` otherwise spends ~100 ms parsing and compiling the 1 MB bundle and the
 * functions it calls; with the cache V8 takes their bytecode from the file. Node 20 has no code
 * cache for ES modules nor `module.enableCompileCache`, so the bundle is a classic script run the
 * way Node runs a CommonJS module. A cache V8 rejects (another Node version, other flags) or a
 * missing one only costs that time: the script compiles from source as usual.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

export type Main = (argv: string[]) => Promise<number>;

export interface LoadedBundle {
  main: Main;
  /** True when V8 took the code from the cache file. */
  cacheUsed: boolean;
  /** Writes the code cache (with every function compiled so far); false when it could not. */
  saveCodeCache(): boolean;
}

export function codeCachePath(bundle: string): string {
  return `${bundle}.cache`;
}

export function loadBundle(bundle: string): LoadedBundle {
  const cacheFile = codeCachePath(bundle);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The bundle is ASCII (esbuild's charset option): latin1 skips UTF-8 decoding.
  const source = readFileSync(bundle, 'latin1');
  // One line, so that line numbers in the bundle stay those of the file.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as { main?: Main } };
  const run = script.runInThisContext() as (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${bundle} does not export main()`);
  return {
    main,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    saveCodeCache() {
      // Atomic: parallel runs (a test suite, xargs -P) never read half a file.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        return true;
      } catch {
        rmSync(tmp, { force: true });
        return false;
      }
    },
  };
}
