/**
 * The result store: each board's findings kept between runs, with every file lookup they were
 * derived from, so that a run over boards nothing touched since the last run reads their findings
 * instead of compiling them again (as ESLint's `--cache` keeps each file's results). What a board's
 * findings depend on:
 *
 *   - the run's settings (rule levels, the dtc warning set, `-I` dirs, the working directory: the
 *     engine's `settings`), the board's path, its include dirs and project root (boardKey), and the
 *     dtlint build (`producer`: a new build reads no entry an older one wrote);
 *   - every lookup its compile and rules made through the SourceHost (source.ts: LookupJournal):
 *     each file read, with its stamp (size, times, inode) and a SHA-1 of the text that was linted,
 *     and each lookup that found nothing (an include searched for in a dir before the one that has
 *     it: a file created there later changes what the board includes).
 *
 * `dtlint check` keeps the host's and guest's findings the same way: their trees are still built
 * (the pair model needs them), their source rules do not run again.
 *
 * An entry is used only when every lookup finds what it found then: the same stamp, or (a fresh
 * checkout, a `touch`) a file whose content has the same hash; the entry is then written again
 * with the new stamps. A file modified later than RACY_MS before the run that read it began is
 * checked by its hash, never by its stamp (source.ts: modifiedRecently). A board whose lookups
 * cannot be repeated (text given in memory, a device read by /incbin/, a DTB, `__DATE__` or
 * `__TIME__`) or whose rules failed is not kept. Entries are store-entry.ts frames (a checksum: a
 * damaged entry is a miss), written whole and renamed; anything wrong with one only costs linting
 * the board again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupStateOnDisk, modifiedRecently, type LookupJournal, type LookupState } from '../dts/source.js';
import { packEntry, readEntryFile, unpackEntry, writeEntryFile } from '../dts/store/store-entry.js';
import type { Finding } from './finding.js';

/** What a run keeps of one board: its findings as the rules made them, and its user files. */
export interface StoredBoard {
  raw: Finding[];
  /** Absolute paths of the board's user files (user-files.ts). */
  userFiles: string[];
}

export interface ResultStore {
  /** The board's kept results under `key` (boardKey), when every lookup they came from finds the same. */
  load(key: string): StoredBoard | undefined;
  /** Keeps the board's results with the lookups they came from. */
  save(key: string, journal: LookupJournal, board: StoredBoard): void;
  /** Boards read from the store and boards kept, so far (tests, `--timing`). */
  readonly counts: { hits: number; misses: number; saved: number };
  /** Texts hashed to save entries, so far (tests: an unchanged file's hash is taken from its stale entry). */
  readonly work: { textsHashed: number };
}

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/** SHA-1 (hex) of bytes or latin1 text: node:crypto, loaded when a run first hashes (not at every start). */
function sha1Of(data: Buffer | string): string {
  crypto ??= process.getBuiltinModule('node:crypto') as Crypto;
  return typeof data === 'string' ? crypto.createHash('sha1').update(data, 'latin1').digest('hex') : crypto.createHash('sha1').update(data).digest('hex');
}

/** Bumped whenever the entry format changes. */
export const RESULT_FORMAT = 1;
const MAGIC = 'DTLRSLT\n';

/** A lookup as kept: path, state, and the SHA-1 of the file's text (files only). */
type KeptLookup = [path: string, state: LookupState, sha1?: string];

interface Entry {
  v: number;
  producer: string;
  key: string;
  lookups: KeptLookup[];
  board: StoredBoard;
}

/** A stamp no file has: a lookup kept with it is checked by its content's hash. */
const CHECK_BY_HASH = 'hash';

/**
 * The store in `dir` (made on the first save). `producer` names the build (the bundle's build id):
 * entries another build wrote are misses.
 */
export function diskResultStore(dir: string, producer: string): ResultStore {
  // What this run found on disk, by path: a run assumes its files do not change under it (the
  // host reads each once too).
  const states = new Map<string, LookupState>();
  const diskHashes = new Map<string, string | undefined>();
  const textHashes = new Map<string, string>();
  const counts = { hits: 0, misses: 0, saved: 0 };
  const work = { textsHashed: 0 };
  // The lookups of entries this run found out of date, by key: a file whose stamp is still the one
  // kept there has the text whose hash is kept there (the stamp is what every load trusts), so a
  // board linted again after one of its files changed hashes only what changed.
  const stale = new Map<string, Map<string, KeptLookup>>();
  // Every stamp this run saw was taken after this: a file modified within RACY_MS before it is
  // checked by content next time (a file read early in a long run and rewritten within the same
  // tick keeps its stamp: the time it was read is what counts, not the time its board is saved).
  const runStart = Date.now();

  const stateNow = (path: string): LookupState => {
    let s = states.get(path);
    if (s === undefined && !states.has(path)) {
      s = lookupStateOnDisk(path);
      states.set(path, s);
    }
    return s ?? null;
  };
  const hashNow = (path: string): string | undefined => {
    if (diskHashes.has(path)) return diskHashes.get(path);
    let h: string | undefined;
    try {
      h = sha1Of(readFileSync(path));
    } catch {
      h = undefined;
    }
    diskHashes.set(path, h);
    return h;
  };

  /** True when every lookup finds what it found; `restamp` when only stamps moved (same content). */
  const unchanged = (lookups: readonly KeptLookup[]): { same: boolean; restamp: boolean } => {
    let restamp = false;
    for (const [path, state, sha1] of lookups) {
      const now = stateNow(path);
      if (now === state) continue;
      if (sha1 === undefined || now === null || !isStamp(now) || hashNow(path) !== sha1) return { same: false, restamp };
      restamp = true;
    }
    return { same: true, restamp };
  };

  const write = (key: string, lookups: KeptLookup[], board: StoredBoard): void => {
    const entry: Entry = { v: RESULT_FORMAT, producer, key, lookups, board };
    writeEntryFile(dir, entryPath(dir, key), () => packEntry(MAGIC, entry, []));
    counts.saved++;
  };

  return {
    counts,
    work,
    load(key) {
      const entry = readEntryFile(entryPath(dir, key), (bytes) => decode(bytes));
      if (entry === undefined || entry.v !== RESULT_FORMAT || entry.producer !== producer || entry.key !== key) {
        counts.misses++;
        return undefined;
      }
      const { same, restamp } = unchanged(entry.lookups);
      if (!same) {
        stale.set(key, new Map(entry.lookups.map((l) => [l[0], l])));
        counts.misses++;
        return undefined;
      }
      counts.hits++;
      if (restamp) {
        // The same content under new stamps: kept with those, so that the next run checks stamps only.
        const now = runStart;
        let moved = false;
        const lookups = entry.lookups.map(([path, state, sha1]): KeptLookup => {
          if (sha1 === undefined) return [path, state];
          const s = stateNow(path);
          const kept = s !== null && isStamp(s) && !modifiedRecently(s, now) ? s : CHECK_BY_HASH;
          if (kept !== state) moved = true;
          return [path, kept, sha1];
        });
        if (moved) write(key, lookups, entry.board);
      }
      return entry.board;
    },
    save(key, journal, board) {
      if (!journal.repeatable) return;
      const now = runStart;
      const lookups: KeptLookup[] = [];
      const before = stale.get(key);
      for (const [path, state] of journal.lookups) {
        const file = journal.files.get(path);
        if (file === undefined || state === null) {
          lookups.push([path, state]);
          continue;
        }
        const old = before?.get(path);
        if (old !== undefined && old[1] === state && old[2] !== undefined && isStamp(state) && !modifiedRecently(state, now)) {
          lookups.push([path, state, old[2]]);
          continue;
        }
        // The hash of the text that was linted (the host read it once). A file whose lexing came
        // from the scan store was linted by its stamp and is read only now: it must still have
        // that stamp once read, else this text may not be what was linted (and nothing is kept).
        const textKey = `${path}\0${state}`;
        let sha1 = textHashes.get(textKey);
        if (sha1 === undefined) {
          sha1 = sha1Of(file.text);
          work.textsHashed++;
          if (lookupStateOnDisk(path) !== state) return;
          textHashes.set(textKey, sha1);
        }
        lookups.push([path, modifiedRecently(state, now) ? CHECK_BY_HASH : state, sha1]);
      }
      // As JSON (packEntry): a location of a kept prefix's tree, whose fields are getters, is
      // written with them as the worker threads hand findings back (parallel.ts).
      write(key, lookups, board);
    },
  };
}

/** A file's stamp, as opposed to why a lookup found none (`not-found`, `directory`, ...). */
function isStamp(state: string): boolean {
  const c = state.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/**
 * Where the entry of `key` lives: a 64-bit hash of the key (two FNV-1a rounds; the entry holds the
 * key itself, so two keys of one hash only take turns). Not node:crypto: loading it costs a short
 * run more than the rest of the lookup.
 */
export function entryPath(dir: string, key: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return join(dir, `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}.result`);
}

function decode(bytes: Buffer): Entry | undefined {
  const unpacked = unpackEntry(bytes, MAGIC);
  if (unpacked === undefined) return undefined;
  unpacked.parts.end();
  const entry = unpacked.header as Entry;
  if (typeof entry !== 'object' || entry === null || !Array.isArray(entry.lookups) || typeof entry.board !== 'object' || !Array.isArray(entry.board.raw)) return undefined;
  return entry;
}
