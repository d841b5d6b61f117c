/**
 * One spare buffer that the first large file read fills instead of allocating its own. The CLI's
 * loader reads the bundle and V8's code cache into a buffer it no longer needs once the bundle is
 * compiled, and hands it to the run's prefix store (src/cli/run-context.ts): the prefix entry
 * (~1 MB) is then read into memory already mapped, not into fresh pages (a page fault costs ~11 µs
 * on the VMs we run on; see docs/performance.md). The read that takes the buffer keeps it: nothing
 * else writes to it.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';

/** Smaller reads leave the spare for a larger one. */
export const SPARE_MIN_READ = 64 * 1024;

/** A buffer offered to the first read of at least SPARE_MIN_READ bytes that fits in it. */
export class SpareBuffer {
  #buffer: Buffer | undefined;

  constructor(buffer: Buffer | undefined) {
    this.#buffer = buffer;
  }

  /** The buffer for a read of `size` bytes, once; undefined when it is taken or the read does not fit. */
  take(size: number): Buffer | undefined {
    const buffer = this.#buffer;
    if (buffer === undefined || size < SPARE_MIN_READ || size > buffer.length) return undefined;
    this.#buffer = undefined;
    return buffer;
  }
}

/** The whole file at `path`, as readFileSync gives it; in the spare buffer when it fits. */
export function readWholeFile(path: string, spare?: SpareBuffer): Buffer {
  if (spare === undefined) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const into = spare.take(size);
    return into === undefined ? readFileSync(fd) : readAllInto(fd, into, size);
  } finally {
    closeSync(fd);
  }
}

/** Reads `fd` into `into` from its start; the bytes read (a file may change while it is read). */
export function readAllInto(fd: number, into: Buffer, size: number): Buffer {
  let n = 0;
  while (n < size) {
    const got = readSync(fd, into, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return into.subarray(0, n);
}
