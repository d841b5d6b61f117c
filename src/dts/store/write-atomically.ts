import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to `path` whole or not at all: into a temporary file of this process, renamed over
 * `path`, so that parallel runs (a test suite, xargs -P) never read half a file. False when it
 * could not (read-only directory, full disk): a cache that is not written is only a miss later.
 */
export function writeAtomically(path: string, data: Uint8Array): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Not even that: nothing was written.
    }
    return false;
  }
}
