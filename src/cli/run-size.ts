/**
 * The number of DTS files a command is about to compile, told to whoever started the CLI:
 * bin/dtlint.js tunes V8 for it (src/cli/load-bundle.ts). Known only once the command has read
 * its config and expanded a .dtsi to the boards that include it; a library caller is never told.
 */
export type RunSizeHook = (dtsFiles: number) => void;

let hook: RunSizeHook | undefined;

export function setRunSizeHook(next: RunSizeHook | undefined): void {
  hook = next;
}

export function announceRunSize(dtsFiles: number): void {
  hook?.(dtsFiles);
}
