/**
 * Which boards include a `.dtsi`: a `.dtsi` is not a devicetree on its own (no `/dts-v1/`, labels
 * defined by the board), so `dtlint a.dtsi` (what a pre-commit hook runs for a changed include)
 * lints the `.dts` files of the repository that include it, directly or through other includes.
 *
 * The map is a cheap textual scan of every DTS file under the project root (`#include` and dtc's
 * `/include/`, resolved as cpp and dtc would: the including file's dir, then the include dirs), not
 * a preprocessor run: an include under `#if` counts as taken, so the scan may name a board too many,
 * never one too few.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { includePathsFor } from '../dts/include-dirs.js';
import type { Notification } from './engine.js';
import { projectRoot } from './user-files.js';

const DTS_EXTENSIONS = new Set(['.dts', '.dtsi', '.dtso']);
/** Directories never scanned: version control, dependencies, build output of this or other tools. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'build', 'out']);
const INCLUDE = /^[ \t]*(?:#[ \t]*include[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>)|\/include\/[ \t]*"([^"\n]+)")/gm;

/** What the scan reads from disk; tests pass an in-memory tree. */
export interface IncludeMapHost {
  /** Entries of a directory: names and whether each is a directory (symlinked dirs count as files: not followed). */
  list(dir: string): { name: string; isDirectory: boolean }[];
  read(file: string): string | undefined;
  isFile(path: string): boolean;
  exists(path: string): boolean;
  /** The path with symlinks resolved (an include through include-prefixes/ is the same file). */
  real(path: string): string;
}

export interface IncludeMapOptions {
  /** `-I` dirs and the config's include dirs. */
  includeDirs?: readonly string[];
  host?: IncludeMapHost;
}

/** Every DTS file under `root` (real paths) and the DTS files each one includes. */
export function scanIncludes(root: string, options: IncludeMapOptions = {}): Map<string, string[]> {
  const host = options.host ?? diskHost();
  const includeDirs = (options.includeDirs ?? []).map((d) => resolve(d));
  // The paths the compile of each file searches (include-dirs.ts), the same for every file of a dir.
  const pathsByDir = new Map<string, string[]>();
  const dirsFor = (file: string): string[] => {
    const dir = dirname(file);
    if (!pathsByDir.has(dir)) pathsByDir.set(dir, includePathsFor(file, includeDirs).cpp);
    return pathsByDir.get(dir)!;
  };

  const map = new Map<string, string[]>();
  for (const file of dtsFiles(resolve(root), host)) {
    const text = host.read(file);
    if (text === undefined) continue;
    const included: string[] = [];
    for (const m of text.matchAll(INCLUDE)) {
      const quoted = m[1] ?? m[3];
      const name = quoted ?? m[2]!;
      if (!DTS_EXTENSIONS.has(extname(name))) continue;
      // cpp: `#include "x"` looks beside the including file first, `<x>` only in the -I dirs.
      const dirs = [...(quoted !== undefined ? [dirname(file)] : []), ...dirsFor(file)];
      const found = dirs.map((d) => resolve(d, name)).find((p) => host.isFile(p));
      if (found !== undefined) included.push(host.real(found));
    }
    map.set(host.real(file), [...new Set(included)]);
  }
  return map;
}

/** The `.dts` files that include `file`, directly or through other includes, sorted. */
export function boardsIncluding(file: string, map: ReadonlyMap<string, readonly string[]>): string[] {
  const includers = new Map<string, string[]>();
  for (const [from, tos] of map) for (const to of tos) includers.set(to, [...(includers.get(to) ?? []), from]);
  const seen = new Set<string>([file]);
  const queue = [file];
  while (queue.length > 0)
    for (const from of includers.get(queue.shift()!) ?? [])
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
  seen.delete(file);
  return [...seen].filter((f) => extname(f) === '.dts').sort();
}

export interface ExpandedInputs {
  /** What to lint: the inputs, each `.dtsi` replaced by the boards that include it. */
  files: string[];
  /** A `.dtsi` no board includes and that cannot stand alone: not linted, said so. */
  notifications: Notification[];
}

/**
 * Replaces each `.dtsi` among `files` by the `.dts` files of its project (the nearest dir above it
 * with `.git` or `dtlint.config.json`) that include it. A `.dtsi` that no board includes is linted
 * alone if it has its own `/dts-v1/`, else skipped with a warning.
 */
export function expandIncludedFiles(files: readonly string[], options: IncludeMapOptions = {}): ExpandedInputs {
  const host = options.host ?? diskHost();
  const maps = new Map<string, Map<string, string[]>>();
  const out: string[] = [];
  const notifications: Notification[] = [];
  const add = (f: string): void => {
    if (!out.some((o) => resolve(o) === resolve(f))) out.push(f);
  };
  for (const file of files) {
    if (extname(file) !== '.dtsi') {
      add(file);
      continue;
    }
    const root = projectRoot(dirname(resolve(file)), (p) => host.exists(p));
    if (!maps.has(root)) maps.set(root, scanIncludes(root, { ...options, host }));
    const boards = host.isFile(file) ? boardsIncluding(host.real(resolve(file)), maps.get(root)!) : [];
    if (boards.length > 0) boards.forEach(add);
    else if (host.isFile(file) && /\/dts-v1\/\s*;/.test(host.read(file) ?? '')) add(file);
    else if (!host.isFile(file)) add(file); // the engine reports the unreadable file
    else
      notifications.push({
        severity: 'warning',
        message: `${file}: no .dts file under ${root} includes it, so it is not linted (lint a board that includes it)`,
        file,
      });
  }
  return { files: out, notifications };
}

function* dtsFiles(dir: string, host: IncludeMapHost): Generator<string> {
  const entries = host.list(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory) {
      if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) yield* dtsFiles(path, host);
    } else if (DTS_EXTENSIONS.has(extname(e.name))) yield path;
  }
}

function diskHost(): IncludeMapHost {
  const real = new Map<string, string>();
  return {
    list(dir) {
      try {
        return readdirSync(dir, { withFileTypes: true }).map((d) => ({ name: d.name, isDirectory: d.isDirectory() }));
      } catch {
        return [];
      }
    },
    read(file) {
      try {
        return readFileSync(file, 'latin1');
      } catch {
        return undefined;
      }
    },
    isFile(path) {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
    exists: existsSync,
    real(path) {
      if (!real.has(path)) {
        try {
          real.set(path, realpathSync(path));
        } catch {
          real.set(path, path);
        }
      }
      return real.get(path)!;
    },
  };
}
