/**
 * Standard output without `process.stdout` when it is not a terminal. Node makes that stream on
 * first use, loading its stream and socket machinery: start-up CPU (docs/performance.md) for a run whose stdout is a
 * file or a pipe (a pre-commit hook, CI, `> report.txt`), for a single write of the report. Node
 * writes files and pipes synchronously on Linux anyway; here they get one `write(2)` loop. On a
 * terminal the stream is used as before (colours, columns).
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * isatty(fd), loading node:tty (and with it Node's socket and stream machinery) only for a
 * character device that is not /dev/null: a file, a pipe, a socket or /dev/null is no terminal.
 */
export function isTerminal(fd: number): boolean {
  let stat;
  try {
    stat = fstatSync(fd);
  } catch {
    return false;
  }
  if (!stat.isCharacterDevice()) return false;
  try {
    if (statSync('/dev/null').rdev === stat.rdev) return false;
  } catch {
    // No /dev/null (Windows): ask node:tty.
  }
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}

export function stdoutIsTTY(): boolean {
  return isTerminal(1);
}

/** The terminal's width, or undefined when stdout is no terminal. */
export function terminalColumns(): number | undefined {
  return isTerminal(1) ? process.stdout.columns : undefined;
}

export function writeStdout(data: string | Uint8Array): void {
  if (isTerminal(1)) {
    process.stdout.write(data);
    return;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A non-blocking pipe that is full: wait a moment for the reader.
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
      // The reader is gone (`dtlint ... | head`): the rest has nowhere to go.
      else if (code === 'EPIPE') return;
      else throw e;
    }
  }
}
