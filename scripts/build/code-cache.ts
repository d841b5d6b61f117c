/**
 * Writes the code cache of the bundle at build time (src/cli/load-bundle.ts): loads the bundle as
 * bin/dtlint.js does, runs the commands a user runs on the bundled example (their output thrown
 * away) so that V8 has compiled what they call, then saves V8's code cache with all of it. Built
 * by the Node that installs the package, so V8 accepts it on the next start (bin/dtlint.js writes
 * a new one if it does not).
 *
 *   node dist/scripts/build/code-cache.js
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { applyStartProfile, codeCachePath, loadBundle } from '../../src/cli/load-bundle.js';

/** Each run as a user types it, on the bundled example. */
function warmUpRuns(root: string): string[][] {
  const example = (f: string): string => join(root, 'fixtures', 'example', f);
  const pair = ['--host', example('host.dts'), '--guest', example('guest.dts'), '--qemu', example('qemu-args.txt'), '--kconfig', example('host.config')];
  return [
    ['check', ...pair],
    ['check', ...pair, '--format', 'json'],
    ['check', ...pair, '--format', 'sarif'],
    [example('host.dts'), example('guest.dts')],
    ['deps', example('host.dts'), '/', '--format', 'dot'],
    ['tree', example('host.dts'), '--format', 'dts'],
    ['rules'],
  ];
}

/** Writes dist/dtlint.cjs.cache; false when it could not. */
export async function writeCodeCache(root: string): Promise<boolean> {
  // V8 throws away the bytecode of a function that has not run for a few collections (bytecode
  // flushing), and the cache holds only the bytecode still there when it is written: the functions
  // the first warm-ups ran were missing from it, and every check compiled them again from source
  // (the seed's pair check: ~100 M more instructions, measured under valgrind --tool=cachegrind).
  setFlagsFromString('--no-flush-bytecode');
  const bundle = join(root, 'dist', 'dtlint.cjs');
  const loaded = loadBundle(bundle, codeCachePath(bundle));
  // As bin/dtlint.js runs a pair (saveCodeCache undoes the flags before it writes).
  applyStartProfile('short');
  if (existsSync(join(root, 'fixtures', 'example', 'host.dts'))) {
    const { stdout, stderr } = process;
    const out = stdout.write;
    const err = stderr.write;
    stdout.write = stderr.write = (() => true) as typeof stdout.write;
    try {
      for (const argv of warmUpRuns(root)) await loaded.main(argv);
    } catch {
      // A warm-up that fails only makes the cache smaller.
    } finally {
      stdout.write = out;
      stderr.write = err;
    }
  }
  // V8 stamps the cache with the flags in force, and rejects it under others: back to the default.
  setFlagsFromString('--flush-bytecode');
  return loaded.saveCodeCache();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  process.exitCode = (await writeCodeCache(root)) ? 0 : 1;
}
