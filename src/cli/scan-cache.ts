/**
 * The CLI keeps lexed files between runs (src/dts/preprocess/scan-store.ts) in
 * `$XDG_CACHE_HOME/dtlint/scans` (default `~/.cache/dtlint/scans`): a pre-commit hook then lexes
 * only the files the commit changed, not the kernel's headers and .dtsi files each time.
 * `--no-cache` turns it off for a run; with no home directory there is no store.
 */
import { dirname, join } from 'node:path';
import { diskPrefixStore, setPrefixStore } from '../dts/prefix.js';
import { setScanStore } from '../dts/preprocess/scan.js';
import { diskScanStore } from '../dts/preprocess/scan-store.js';
import { version } from '../version.js';

export function scanCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : undefined);
  return base === undefined ? undefined : join(base, 'dtlint', 'scans');
}

/** Sets the run's scan store: on disk unless `enabled` is false or there is nowhere to put it. */
export function useScanCache(enabled: boolean, env: NodeJS.ProcessEnv = process.env): void {
  const dir = enabled ? scanCacheDir(env) : undefined;
  setScanStore(dir === undefined ? null : diskScanStore(dir, `dtlint ${version}`));
  setPrefixStore(dir === undefined ? null : diskPrefixStore(join(dirname(dir), 'prefixes'), `dtlint ${version}`));
}
