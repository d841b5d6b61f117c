/**
 * test/conformance/known-disagreements.txt: boards where dtlint and dtc are known to differ.
 * One board path per line (relative to the kernel root), sorted; `#` starts a comment, on its own
 * line or after a path. The list may only shrink unless growing it is asked for explicitly.
 */
import { byteOrder } from '../corpus.js';

export interface KnownList {
  /** Comment lines at the top of the file, kept when the list is rewritten. */
  header: string[];
  /** Board path -> its trailing comment ('' when none). */
  entries: Map<string, string>;
}

export function parseKnownList(text: string): KnownList {
  const header: string[] = [];
  const entries = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (entries.size === 0) header.push(line);
      continue;
    }
    const hash = line.indexOf('#');
    const path = (hash === -1 ? line : line.slice(0, hash)).trim();
    const comment = hash === -1 ? '' : line.slice(hash + 1).trim();
    if (path) entries.set(path, comment);
  }
  return { header, entries };
}

export function formatKnownList(list: KnownList): string {
  const lines = [...list.header];
  for (const path of [...list.entries.keys()].sort(byteOrder)) {
    const comment = list.entries.get(path);
    lines.push(comment ? `${path}  # ${comment}` : path);
  }
  return `${lines.join('\n')}\n`;
}

export interface Verdict {
  /** Failing boards not in the list: these fail the suite. */
  unexpected: string[];
  /** Failing boards in the list. */
  known: string[];
  /** Boards in the list that ran and passed: remove them from the list. */
  fixed: string[];
}

/** Splits this run's outcome against the list; `passed` and `failed` are the boards that ran. */
export function judge(list: KnownList, passed: Iterable<string>, failed: Iterable<string>): Verdict {
  const unexpected: string[] = [];
  const known: string[] = [];
  const fixed: string[] = [];
  for (const board of failed) (list.entries.has(board) ? known : unexpected).push(board);
  for (const board of passed) if (list.entries.has(board)) fixed.push(board);
  return { unexpected: unexpected.sort(byteOrder), known: known.sort(byteOrder), fixed: fixed.sort(byteOrder) };
}

export interface Update {
  list: KnownList;
  removed: string[];
  added: string[];
  /** Failures left out because growing the list was not allowed. */
  refused: string[];
}

/**
 * The list after this run: entries for boards that ran take this run's outcome, entries for boards
 * that did not run (another --arch, outside --only) stay, unless the board no longer exists in
 * `corpus`. New failures are added only with `allowGrow`.
 */
export function updateKnownList(
  list: KnownList,
  run: { ran: ReadonlySet<string>; failed: ReadonlyMap<string, string>; corpus: ReadonlySet<string> },
  allowGrow: boolean,
): Update {
  const entries = new Map<string, string>();
  const removed: string[] = [];
  const added: string[] = [];
  const refused: string[] = [];
  for (const [board, comment] of list.entries) {
    const keep = run.ran.has(board) ? run.failed.has(board) : run.corpus.has(board);
    if (keep) entries.set(board, comment);
    else removed.push(board);
  }
  for (const [board, reason] of run.failed) {
    if (entries.has(board)) continue;
    if (!allowGrow) {
      refused.push(board);
      continue;
    }
    entries.set(board, reason);
    added.push(board);
  }
  return {
    list: { header: list.header, entries },
    removed: removed.sort(byteOrder),
    added: added.sort(byteOrder),
    refused: refused.sort(byteOrder),
  };
}
