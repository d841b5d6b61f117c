import { writeFileSync } from 'node:fs';
import { writeStdout } from './stdout.js';

/** A failure of the run itself: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** Writes command output to `-o FILE` or stdout. */
/** Writes to stdout (no file, or `-`), to a file, or nowhere (`--no-output`: false). */
export function emit(output: string | Uint8Array, file: string | false | undefined): void {
  if (file === false) return;
  if (file === undefined || file === '-') {
    writeStdout(output);
    return;
  }
  try {
    writeFileSync(file, output);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/** A repeatable option (`-I a -I b`): yargs gives a string once, an array when repeated. */
export function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
