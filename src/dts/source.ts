import { accessSync, closeSync, constants, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Location } from './location.js';
import { NO_STORES, type FrontEndStores } from './store/stores.js';

/** A file's text with a line table, so offsets turn into line/column cheaply. */
export class SourceFile {
  #lineStarts: number[] | null = null;
  #text: string | null;
  #load: (() => string) | null;
  /** The line lineIndexAt found last. */
  private hint = 0;
  /** The host's epoch when the file was last asked for (SourceHost.trim evicts the oldest). */
  usedAt = 0;

  /**
   * @param text The text, or how to read it when first asked for (a file found on disk: a run
   *   that starts from a kept prefix never reads most of the files the prefix came from).
   * @param stamp The file's identity on disk when it was found (size, times, inode): what a store of
   *   derived data (scan-store.ts, prefix.ts) checks; absent for text that is not a file.
   */
  constructor(
    readonly path: string,
    text: string | (() => string),
    readonly stamp?: string,
  ) {
    this.#text = typeof text === 'string' ? text : null;
    this.#load = typeof text === 'string' ? null : text;
  }

  get text(): string {
    if (this.#text === null) {
      this.#text = this.#load!();
      this.#load = null;
    }
    return this.#text;
  }

  /**
   * Offset of each line's first character. Made on first use: most headers a board includes are
   * only ever asked for the macros they define, never for a position.
   */
  get lineStarts(): readonly number[] {
    if (this.#lineStarts === null) {
      const text = this.text;
      const starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  /** 1-based line and column of a 0-based offset. */
  positionAt(offset: number): { line: number; column: number } {
    const i = this.lineIndexAt(offset);
    return { line: i + 1, column: offset - this.lineStarts[i]! + 1 };
  }

  /**
   * 0-based index of the line that holds `offset`. Callers mostly ask about offsets a little after
   * the previous one (the parser walks the text in order), so the last answer is tried first.
   */
  lineIndexAt(offset: number): number {
    return (this.hint = indexAtOrBefore(this.lineStarts, offset, this.hint));
  }

  /** The location of the characters [start, end) of this file; it may span lines. */
  rangeAt(start: number, end: number): Location {
    const a = this.positionAt(start);
    const b = this.positionAt(Math.max(start, end - 1));
    return { file: this.path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column + 1 };
  }

}

/**
 * File times move in ticks (a few ms on Linux, up to 2 s on FAT), so a file written twice within
 * one tick, at the same size, keeps its stamp. Data derived from a file modified this recently is
 * not kept between runs: it could not tell the next version of the file from this one (git's
 * "racily clean" entries).
 */
export const RACY_MS = 2000;

/** True when the file of `stamp` was modified less than RACY_MS before `now`. */
export function modifiedRecently(stamp: string, now = Date.now()): boolean {
  const mtime = Number(stamp.split(':')[1]);
  return !(mtime < now - RACY_MS);
}

/** Why a file could not be opened. */
export type ReadFailure = { reason: 'not-found' | 'unreadable' | 'directory' | 'binary'; message: string };

/**
 * What a lookup found, as a store of results can check it again later: a file's stamp (size,
 * times, inode), or why there was no file. `null` for an answer no later check can repeat (text
 * that is not a file: an override, a device read by /incbin/, a DTB).
 */
export type LookupState = string | null;

/**
 * Every lookup made through a host while it records (SourceHost.record): absolute path → what it
 * found. What a board's findings were derived from, file by file, including the lookups that
 * found nothing (an include searched for in a dir before the one that has it).
 */
export class LookupJournal {
  readonly lookups = new Map<string, LookupState>();
  /** Files whose text the compile had: a store hashes what was linted, not what is on disk later. */
  readonly files = new Map<string, SourceFile>();
  /** False once a lookup could not be written down (see LookupState). */
  repeatable = true;

  note(key: string, entry: SourceFile | ReadFailure): void {
    if (this.lookups.has(key)) return;
    if (entry instanceof SourceFile) {
      if (entry.stamp === undefined) this.repeatable = false;
      this.lookups.set(key, entry.stamp ?? null);
      this.files.set(key, entry);
    } else {
      if (entry.reason === 'binary' || entry.reason === 'unreadable') this.repeatable = false;
      this.lookups.set(key, entry.reason);
    }
  }
}

/** The LookupState of `path` on disk now, as SourceHost.read would find it (a file's stamp, or why none). */
export function lookupStateOnDisk(key: string): LookupState {
  try {
    const stat = statSync(key, { throwIfNoEntry: false });
    if (stat === undefined) return 'not-found';
    if (stat.isDirectory()) return 'directory';
    if (!stat.isFile()) return null;
    accessSync(key, constants.R_OK);
    return stampOf(stat);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : null;
  }
}

function stampOf(stat: { size: number; mtimeMs: number; ctimeMs: number; ino: number; dev: number }): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}`;
}

/**
 * Reads source files once and keeps them: one process that loads many boards reads each `.dtsi`
 * and header a single time. Tests may pass `overrides` to serve in-memory files.
 */
export class SourceHost {
  private readonly files = new Map<string, SourceFile | ReadFailure>();
  /** Files read as DTBs: their bytes (the front end reads them again: lint, then the pair model). */
  private readonly blobs = new Map<string, Uint8Array>();
  /** Bumped by `trim` between two compiles: files asked for since are the recently used ones. */
  private epochCount = 1;
  /** Bumped when `trim` forgets files: caches of what `read` gave (preprocess/run.ts) drop theirs. */
  private generationCount = 0;
  /** Estimated bytes the kept entries hold (file sizes, a fixed cost per failed lookup). */
  private keptBytes = 0;
  private readonly retainBytes: number;
  /** Set while a caller records the lookups (record / endRecord). */
  private journal: LookupJournal | null = null;

  /**
   * @param overrides Text to use instead of the file at a path (tests, editors' unsaved buffers).
   * @param stores Where what is derived from the files is kept between runs (none by default).
   * @param options `retainBytes`: about how much of the files' text `trim` keeps (default
   *   RETAIN_BYTES); what a file's lexing derives from it is kept with it and freed with it.
   */
  constructor(
    private readonly overrides: ReadonlyMap<string, string> = new Map(),
    readonly stores: FrontEndStores = NO_STORES,
    options: { retainBytes?: number } = {},
  ) {
    this.retainBytes = options.retainBytes ?? RETAIN_BYTES;
  }

  /** Changes whenever `trim` forgot files: a cache of `read`'s answers must then be dropped. */
  get generation(): number {
    return this.generationCount;
  }

  /** The current epoch, for a cache of `read`'s answers to mark each file it serves as used. */
  get epoch(): number {
    return this.epochCount;
  }

  read(path: string): SourceFile | ReadFailure {
    const key = normalAbsolute(path) ? path : resolve(path);
    const cached = this.files.get(key);
    if (cached) {
      if (cached instanceof SourceFile) cached.usedAt = this.epochCount;
      if (this.journal) this.journal.note(key, cached);
      return cached;
    }
    const result = this.load(path, key);
    if (result instanceof SourceFile) result.usedAt = this.epochCount;
    this.keptBytes += costOf(result);
    this.files.set(key, result);
    if (this.journal) this.journal.note(key, result);
    return result;
  }

  /**
   * An answer of `read` for `path` that a caller kept (preprocess/run.ts remembers them by the
   * path as written) and uses again: marks the file used and, while recording, notes the lookup.
   */
  reused(path: string, answer: SourceFile | ReadFailure): void {
    if (answer instanceof SourceFile) answer.usedAt = this.epochCount;
    if (this.journal) this.journal.note(normalAbsolute(path) ? path : resolve(path), answer);
  }

  /**
   * Records every lookup from now until `endRecord`: what a store of a board's results checks to
   * know the board would read the same files again (src/lint/result-store.ts).
   */
  record(): void {
    this.journal = new LookupJournal();
  }

  /**
   * The compile used what no file holds (`__DATE__`, `__TIME__`): while recording, its result is not
   * one a store may keep.
   */
  unrepeatable(): void {
    if (this.journal) this.journal.repeatable = false;
  }

  /** The lookups since `record`. */
  endRecord(): LookupJournal {
    const journal = this.journal ?? new LookupJournal();
    this.journal = null;
    return journal;
  }

  /**
   * Called between two compiles (the lint engine, after each board's rules): when the files read
   * so far hold more than the host's budget, forgets the least recently used ones (and every failed
   * lookup) until they hold half of it. A forgotten file is read again from disk when asked for
   * again, so a run over a whole tree holds the files of the boards it is at (a vendor's .dtsi and
   * the headers they share), not every file of the tree. Never during a compile: a compile relies
   * on getting the same SourceFile for a path (#pragma once).
   */
  trim(): void {
    const epoch = this.epochCount++;
    if (this.keptBytes <= this.retainBytes) return;
    const target = this.retainBytes / 2;
    const candidates: { key: string; file: SourceFile }[] = [];
    for (const [key, entry] of this.files) {
      if (entry instanceof SourceFile) {
        if (this.overrides.has(key) || entry.stamp === undefined) continue;
        candidates.push({ key, file: entry });
      } else if (entry.reason !== 'binary') {
        this.files.delete(key);
        this.keptBytes -= costOf(entry);
      }
    }
    // Oldest first; files of the board just done last (ties keep the order they were read in).
    candidates.sort((a, b) => a.file.usedAt - b.file.usedAt);
    for (const { key, file } of candidates) {
      if (this.keptBytes <= target || file.usedAt === epoch) break;
      this.files.delete(key);
      this.keptBytes -= costOf(file);
    }
    this.generationCount++;
  }

  /**
   * The bytes `/incbin/` takes: `length` bytes from `offset` (all of the rest when no length), as
   * dtc reads them. Only those bytes are read, so a length makes a device usable (`/dev/zero`, 0, 16);
   * a device or FIFO without a length is refused (it never ends), and so is one past MAX_DEVICE_READ.
   */
  readBytes(path: string, offset: number, length: number | undefined): Uint8Array | ReadFailure {
    const key = normalAbsolute(path) ? path : resolve(path);
    const override = this.overrides.get(key) ?? this.overrides.get(path);
    const cached = this.files.get(key);
    if (cached !== undefined && this.journal) this.journal.note(key, cached);
    if (override !== undefined && cached === undefined && this.journal) this.journal.repeatable = false;
    if (override !== undefined || cached instanceof SourceFile) return sliceText((cached instanceof SourceFile ? cached.text : override)!, offset, length);
    if (cached) return cached;
    let stat;
    try {
      stat = statSync(key, { throwIfNoEntry: false });
    } catch (e) {
      // ELOOP, EACCES, ...: nothing a store can check again.
      if (this.journal) this.journal.repeatable = false;
      return { reason: 'unreadable', message: `${path}: ${(e as Error).message}` };
    }
    // A path /incbin/ searched and found no file at: a file created there later changes the board.
    if (stat === undefined) return this.noted(key, { reason: 'not-found', message: `${path}: No such file or directory` });
    if (stat.isDirectory()) return this.noted(key, { reason: 'directory', message: `${path} is a directory` });
    if (stat.isFile()) {
      const file = this.read(path);
      return file instanceof SourceFile ? sliceText(file.text, offset, length) : file;
    }
    // A device's bytes are no file's: a store cannot check them again.
    if (this.journal) this.journal.repeatable = false;
    if (length === undefined) return { reason: 'unreadable', message: `${path}: not a regular file (/incbin/ of a device needs a length)` };
    if (offset + length > MAX_DEVICE_READ) return { reason: 'unreadable', message: `${path}: not a regular file, and more than ${MAX_DEVICE_READ} bytes asked of it` };
    let fd: number | undefined;
    try {
      // Non-blocking: a FIFO without a writer gives what it has (nothing) instead of waiting.
      fd = openSync(key, constants.O_RDONLY | constants.O_NONBLOCK);
      const buffer = new Uint8Array(offset + length);
      let got = 0;
      while (got < buffer.length) {
        let n: number;
        try {
          n = readSync(fd, buffer, got, buffer.length - got, null);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw e;
        }
        if (n === 0) break;
        got += n;
      }
      return buffer.subarray(Math.min(offset, got), got);
    } catch (e) {
      return { reason: 'unreadable', message: `${path}: ${(e as Error).message}` };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** `failure`, noted in the journal while recording (a lookup `read` did not make). */
  private noted(key: string, failure: ReadFailure): ReadFailure {
    if (this.journal) this.journal.note(key, failure);
    return failure;
  }

  /**
   * Marks a file as binary (a DTB): from now on it has no text, so everything that reads source
   * text (comments, suppressions, code frames, a finding's line for its fingerprint) finds nothing
   * in it, and no raw bytes reach a terminal.
   */
  markBinary(path: string, bytes: Uint8Array): void {
    const key = normalAbsolute(path) ? path : resolve(path);
    this.blobs.set(key, bytes);
    if (this.journal) this.journal.repeatable = false;
    const was = this.files.get(key);
    if (was !== undefined) this.keptBytes -= costOf(was);
    this.files.set(key, { reason: 'binary', message: `${path} is a DTB, not source text` });
  }

  /** The bytes of a file marked binary. */
  binaryOf(path: string): Uint8Array | undefined {
    const blob = this.blobs.get(normalAbsolute(path) ? path : resolve(path));
    if (blob !== undefined && this.journal) this.journal.repeatable = false;
    return blob;
  }

  exists(path: string): boolean {
    const r = this.read(path);
    return r instanceof SourceFile;
  }

  /** The file's text as this host reads it (once); undefined when it cannot be read. */
  textOf(path: string): string | undefined {
    const r = this.read(path);
    return r instanceof SourceFile ? r.text : undefined;
  }

  private load(path: string, key: string): SourceFile | ReadFailure {
    const override = this.overrides.get(key) ?? this.overrides.get(path);
    if (override !== undefined) return new SourceFile(path, override);
    try {
      // Most include lookups miss (each -I dir is tried in turn): no exception for those.
      const stat = statSync(key, { throwIfNoEntry: false });
      if (stat === undefined) return { reason: 'not-found', message: `${path}: No such file or directory` };
      if (stat.isDirectory()) return { reason: 'directory', message: `${path} is a directory` };
      // A device or FIFO (/dev/zero, a pipe) never ends or blocks: its text is not read at all.
      if (!stat.isFile()) return { reason: 'unreadable', message: `${path}: not a regular file` };
      // Readable now (else an error now, as cpp gives it); read when the text is first needed. A
      // file that goes away in between reads as empty.
      accessSync(key, constants.R_OK);
      const read = (): string => {
        try {
          return readFileSync(key, 'latin1');
        } catch {
          return '';
        }
      };
      return new SourceFile(path, read, stampOf(stat));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'not-found', message: `${path}: No such file or directory` };
      return { reason: 'unreadable', message: `${path}: ${(e as Error).message}` };
    }
  }
}

/**
 * What a SourceHost keeps of the files it read, by default: their sizes' sum (a file's lexing,
 * kept with it, takes about ten times that). Enough for the .dtsi files and headers of a vendor's
 * boards; a whole kernel tree's files are ~30 MB.
 */
export const RETAIN_BYTES = 2 << 20;

/** A failed lookup's estimated size: its path, its message and the map entry. */
const FAILED_LOOKUP_BYTES = 256;

/** The bytes an entry of a SourceHost is counted for. */
function costOf(entry: SourceFile | ReadFailure): number {
  if (!(entry instanceof SourceFile)) return FAILED_LOOKUP_BYTES;
  return entry.stamp === undefined ? 0 : Number(entry.stamp.slice(0, entry.stamp.indexOf(':')));
}

/** The most /incbin/ reads from a device or FIFO (offset + length). */
const MAX_DEVICE_READ = 16 << 20;

/** Bytes `offset` to `offset + length` of a latin1 text (clamped to its end). */
function sliceText(text: string, offset: number, length: number | undefined): Uint8Array {
  const start = Math.min(text.length, offset);
  const end = length === undefined ? text.length : Math.min(text.length, start + length);
  const bytes = new Uint8Array(end - start);
  for (let i = start; i < end; i++) bytes[i - start] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * True for an absolute POSIX path that resolve() would give back as it is (no `.`, `..` or empty
 * segment, no trailing slash): include lookups try ~100 such paths a board, and resolve()
 * allocates for each.
 */
function normalAbsolute(path: string): boolean {
  return (
    path.charCodeAt(0) === 0x2f &&
    !path.endsWith('/') &&
    !path.includes('//') &&
    !path.includes('/./') &&
    !path.includes('/../') &&
    !path.endsWith('/.') &&
    !path.endsWith('/..') &&
    sep === '/'
  );
}

/**
 * Index of the last entry of the ascending `starts` that is <= `offset` (`starts[0]` <= every
 * offset asked). Lookups mostly move forward a little, so `hint` (the previous answer) and the
 * entry after it are tried before the binary search.
 */
export function indexAtOrBefore(starts: ArrayLike<number>, offset: number, hint: number): number {
  const n = starts.length;
  if (starts[hint]! <= offset) {
    if (hint + 1 === n || offset < starts[hint + 1]!) return hint;
    if (hint + 2 === n || offset < starts[hint + 2]!) return hint + 1;
  }
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
