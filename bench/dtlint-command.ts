/**
 * The dtlint command as users run it (from a shell, npx or a pre-commit hook): bin/dtlint.js
 * executed, started by its `#!` line (sh, which starts the node on PATH; see the file's first
 * lines). PATH is led by the directory of the node that runs the bench, so that the same node
 * runs dtlint.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DTLINT_BIN = fileURLToPath(new URL('../../bin/dtlint.js', import.meta.url));

/** `env` with PATH led by this node's directory. */
export function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${dirname(process.execPath)}:${env.PATH ?? ''}` };
}
