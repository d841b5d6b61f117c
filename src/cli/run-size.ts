/**
 * The number of DTS files a command is about to compile, told to whoever started the CLI:
 * bin/dtlint.js tunes V8 for it (src/cli/load-bundle.ts). Known only once the command has read
 * its config and expanded a .dtsi to the boards that include it; a library caller is never told.
 */
import { setPrefixStore } from '../dts/prefix.js';

export type RunSizeHook = (dtsFiles: number) => void;

let hook: RunSizeHook | undefined;

export function setRunSizeHook(next: RunSizeHook | undefined): void {
  hook = next;
}

/**
 * The prefix store (src/dts/prefix.ts) serves runs of a few boards (a commit's, a pair check): a
 * run over a whole tree would write an entry of ~1 MB per board.
 */
export const PREFIX_MAX_RUN = 16;

export function announceRunSize(dtsFiles: number): void {
  if (dtsFiles > PREFIX_MAX_RUN) setPrefixStore(null);
  hook?.(dtsFiles);
}
