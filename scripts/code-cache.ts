/**
 * Writes the code caches of the bundle at build time (src/cli/load-bundle.ts), one per start
 * profile, each in a node of its own under that profile's flags: loads the bundle as
 * bin/dtlint.js does, runs the commands a user runs on the bundled example (their output thrown
 * away) so that V8 has compiled what they call, then saves V8's code cache with all of it. Built
 * by the Node that installs the package, so V8 accepts it on the next start (bin/dtlint.js writes
 * a new one if it does not).
 *
 *   node dist/scripts/code-cache.js PROFILE    (the child; writeCodeCaches runs it)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyStartProfile, codeCachePath, loadBundle, START_PROFILES, type StartProfile } from '../src/cli/load-bundle.js';

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

/** Writes every profile's cache; false when one could not be written. */
export function writeCodeCaches(root: string): boolean {
  const script = fileURLToPath(import.meta.url);
  let ok = true;
  for (const profile of START_PROFILES) {
    const child = spawnSync(process.execPath, [script, profile], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (child.status !== 0) {
      process.stderr.write(`bundle: could not write the ${profile} code cache\n`);
      ok = false;
    }
  }
  return ok;
}

async function writeCodeCache(root: string, profile: StartProfile): Promise<boolean> {
  applyStartProfile(profile);
  const bundle = join(root, 'dist', 'dtlint.cjs');
  const loaded = loadBundle(bundle, codeCachePath(bundle, profile));
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
  return loaded.saveCodeCache();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const profile = process.argv[2] as StartProfile;
  if (!START_PROFILES.includes(profile)) throw new Error(`usage: code-cache.js ${START_PROFILES.join('|')}`);
  const root = fileURLToPath(new URL('../..', import.meta.url));
  process.exitCode = (await writeCodeCache(root, profile)) ? 0 : 1;
}
