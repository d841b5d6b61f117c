/**
 * Where the front end keeps what it derives from files between runs: one handle, carried by the
 * run's SourceHost (src/dts/source.ts), so that nothing reaches a store through a global. A library
 * caller gets none unless it asks; the CLI's are on disk (src/cli/run-context.ts).
 */
import type { ScanStore } from '../preprocess/scan.js';
import type { PrefixStore } from './prefix.js';
import type { PrefixShare } from './prefix-share.js';

export interface FrontEndStores {
  /** Lexed files (scan-store.ts): a file unchanged since it was lexed is not lexed again. */
  readonly scans?: ScanStore;
  /** The state after the #include lines a board opens with (prefix.ts). */
  readonly prefixes?: PrefixStore;
  /** Within a run of many boards, the same #include lines' state made once (prefix-share.ts); used when there is no prefix store. */
  readonly share?: PrefixShare;
}

export const NO_STORES: FrontEndStores = Object.freeze({});
