import { writeFileSync } from 'node:fs';

/** A failure of the run itself: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** Writes command output to `-o FILE` or stdout. */
export function emit(output: string | Uint8Array, file: string | undefined): void {
  if (file === undefined || file === '-') {
    process.stdout.write(output);
    return;
  }
  try {
    writeFileSync(file, output);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
