/**
 * Include directories for a file inside a Linux kernel tree, found without configuration.
 *
 * Linux 6.12 (scripts/Makefile.dtbs) builds a board as
 *   $(HOSTCC) -E -nostdinc -I scripts/dtc/include-prefixes -undef -D__DTS__ -x assembler-with-cpp FILE
 *   dtc -b 0 -i $(dir FILE) -i scripts/dtc/include-prefixes ...
 * cpp finds `#include "x"` beside the including file without any -I. dtlint's cpp list is a superset
 * (a file under a kernel tree needs no -I, README "Commands"): its own dir, the arch's dts dir and `include/` as well, with include-prefixes before
 * `include/` so `<dt-bindings/...>` resolves to the same path as the kernel's line markers show.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

export interface KernelIncludeDirs {
  /** cpp -I dirs, in search order. */
  cpp: string[];
  /** dtc -i dirs (for dtc's own /include/), in search order. */
  dtc: string[];
}

/**
 * The include paths of `file`, the one answer every consumer uses (the preprocessor, dtc's /include/
 * and /incbin/, the map of which board includes which .dtsi): the kernel's dirs when the file is in a
 * kernel tree (`auto`), else the file's own dir; then `extra` (-I dirs, then the config's), in order.
 */
export function includePathsFor(file: string, extra: readonly string[] = [], auto = true): KernelIncludeDirs {
  const kernel = auto ? kernelIncludeDirs(file) : undefined;
  const own = dirname(file);
  return {
    cpp: unique([...(kernel?.cpp ?? [own]), ...extra]),
    dtc: unique([...(kernel?.dtc ?? [own]), ...extra]),
  };
}

/** The dirs a kernel build would search for `file`, or undefined when it is not in a kernel tree. */
export function kernelIncludeDirs(file: string): KernelIncludeDirs | undefined {
  const absolute = resolve(file);
  const found = findKernelRoot(absolute) ?? findKernelRoot(realPathOrSelf(absolute));
  if (!found) return undefined;
  const own = dirname(found.file);
  const prefixes = join(found.root, 'scripts', 'dtc', 'include-prefixes');
  return {
    cpp: unique([own, found.dtsDir, prefixes, join(found.root, 'include')]),
    dtc: unique([own, prefixes]),
  };
}

/**
 * The macros cpp defines under the kernel's flags (`-nostdinc -undef -D__DTS__ -x assembler-with-cpp`),
 * as `cpp -nostdinc -undef -D__DTS__ -dM -x assembler-with-cpp /dev/null` prints them with gcc 12.
 * Only `__DTS__` comes from the kernel's command line; the rest are cpp's own and survive `-undef`.
 */
export function defaultDtsDefines(): Record<string, string> {
  return { __DTS__: '1', __ASSEMBLER__: '1', __STDC__: '1', __STDC_HOSTED__: '1' };
}

interface KernelRoot {
  root: string;
  /** `<root>/arch/<arch>/boot/dts` */
  dtsDir: string;
  /** The file, with the prefix that matched (literal or real path). */
  file: string;
}

/** The innermost `<root>/arch/<arch>/boot/dts/` that contains `file` and looks like a kernel tree. */
function findKernelRoot(file: string): KernelRoot | undefined {
  const parts = file.split(sep);
  // The file itself is the last part: `dts` must be a directory above it.
  for (let i = parts.length - 5; i >= 0; i--) {
    if (parts[i] !== 'arch' || parts[i + 2] !== 'boot' || parts[i + 3] !== 'dts' || !parts[i + 1]) continue;
    const root = parts.slice(0, i).join(sep) || sep;
    if (!isDir(join(root, 'include')) || !isDir(join(root, 'scripts', 'dtc', 'include-prefixes'))) continue;
    return { root, dtsDir: parts.slice(0, i + 4).join(sep), file };
  }
  return undefined;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Through a symlink such as include-prefixes/arm64/... to the tree it points into. */
function realPathOrSelf(path: string): string {
  try {
    if (existsSync(path)) return realpathSync(path);
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

function unique(dirs: string[]): string[] {
  return [...new Set(dirs)];
}
