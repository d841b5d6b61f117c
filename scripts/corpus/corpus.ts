/**
 * Where the Linux corpus lives, for the scripts and tests that read it. Nothing here fetches:
 * `npm run corpus` (scripts/corpus/fetch-corpus.ts) does.
 *
 * The corpus is the DTS part of the kernel (arch/<arch>/boot/dts, include/dt-bindings,
 * scripts/dtc/include-prefixes), kept in a cache outside the repository. `DTLINT_LINUX=/path`
 * points at a kernel tree to use instead.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

/** The Debian package the corpus comes from; its source tarball's top dir has the same name. */
export const CORPUS_PACKAGE = 'linux-source-6.12';
/** Written inside the corpus root once extraction is complete. */
export const MARKER = '.dtlint-corpus.json';
/** The archs whose boards the conformance suite and the benchmark read. */
export const CORPUS_ARCHS = ['arm64', 'arm'] as const;
export type CorpusArch = (typeof CORPUS_ARCHS)[number];

export interface CorpusMarker {
  package: string;
  /** The package version, e.g. `6.12.117-1~deb12u1`. */
  version: string;
  /** The tar patterns extracted, relative to the root. */
  patterns: string[];
}

/** `$DTLINT_CACHE`, else `$XDG_CACHE_HOME/dtlint`, else `~/.cache/dtlint`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DTLINT_CACHE) return resolve(env.DTLINT_CACHE);
  if (env.XDG_CACHE_HOME) return join(resolve(env.XDG_CACHE_HOME), 'dtlint');
  return join(homedir(), '.cache', 'dtlint');
}

/** Where the fetch script puts the extracted tree. */
export function cachedCorpusDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), CORPUS_PACKAGE);
}

/**
 * The kernel root to read boards from, or undefined when there is none yet. Never fetches.
 * With `DTLINT_LINUX` set, that tree (if it has arch/), else the cached tree once its marker is written.
 */
export function corpusRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.DTLINT_LINUX) {
    const root = resolve(env.DTLINT_LINUX);
    return isDir(join(root, 'arch')) ? root : undefined;
  }
  const root = cachedCorpusDir(env);
  return existsSync(join(root, MARKER)) ? root : undefined;
}

/**
 * A string that changes when the corpus changes: the package version for the cached tree, the
 * kernel version from the top Makefile (or the path) for a `DTLINT_LINUX` tree.
 */
export function corpusVersion(root: string): string {
  const marker = readMarker(root);
  if (marker) return `${marker.package}_${marker.version}`;
  const makefile = join(root, 'Makefile');
  if (existsSync(makefile)) {
    const text = readFileSync(makefile, 'latin1');
    const field = (name: string): string => new RegExp(`^${name}\\s*=\\s*(\\S*)`, 'm').exec(text)?.[1] ?? '';
    const v = [field('VERSION'), field('PATCHLEVEL'), field('SUBLEVEL')].join('.');
    if (v !== '..') return `linux-${v}${field('EXTRAVERSION')}@${root}`;
  }
  return `tree@${root}`;
}

export function readMarker(root: string): CorpusMarker | undefined {
  try {
    return JSON.parse(readFileSync(join(root, MARKER), 'utf8')) as CorpusMarker;
  } catch {
    return undefined;
  }
}

/** Boards of one arch: every `.dts` under arch/<arch>/boot/dts, relative to the root, sorted. */
export function listBoards(root: string, arch: string): string[] {
  const top = join(root, 'arch', arch, 'boot', 'dts');
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      // A few boards are symlinks to others (arm/allwinner): the kernel builds them under both names.
      else if (entry.name.endsWith('.dts') && (entry.isFile() || (entry.isSymbolicLink() && isFile(path))))
        found.push(relative(root, path).split(sep).join('/'));
    }
  };
  if (isDir(top)) walk(top);
  return found.sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
