/**
 * Which boards include a file: a `.dtsi` or a header (`include/dt-bindings/...`, a board's own `.h`)
 * is not a devicetree on its own, so `dtlint a.dtsi` or `dtlint x.h` (what a pre-commit hook runs
 * for a changed include) lints the `.dts` files of the repository that include it, directly or
 * through other includes.
 *
 * The map is a cheap textual scan of every DTS file under the project root (`#include` and dtc's
 * `/include/`, resolved as cpp and dtc would: the including file's dir, then the include dirs), then
 * of the files those include that lie elsewhere (headers), each read once: not a preprocessor run.
 * An include under `#if` counts as taken, so the scan may name a board too many, never one too few.
 * In a kernel tree only `arch/<arch>/boot/dts` holds boards, so only those dirs are walked (a walk
 * of the whole tree would list some 90,000 files for nothing).
 */
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { includePathsFor } from '../dts/include-dirs.js';
import type { Notification } from './engine.js';
import { timed } from './timing.js';
import { projectRoot } from './user-files.js';

const DTS_EXTENSIONS = new Set(['.dts', '.dtsi', '.dtso']);
/** Files that are compiled on their own: what an include is linted through. */
const BOARD_EXTENSIONS = new Set(['.dts', '.dtso']);
/** Files that are only ever included: linted through boards, never alone (a `.dtsi` with `/dts-v1/` excepted). */
const INCLUDED_EXTENSIONS = new Set(['.dtsi', '.h']);
/** Inputs this module leaves alone: compiled files and binary trees. */
const DIRECT_EXTENSIONS = new Set([...BOARD_EXTENSIONS, '.dtb']);
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
  /** Ignore patterns (`--ignore-pattern`, the config's `ignorePatterns`): such boards are not linted, such dirs not walked. */
  ignored?: (absolutePath: string) => boolean;
}

/** Where boards are looked for: the project root and the dirs under it that are walked. */
export interface ScanScope {
  root: string;
  dirs: string[];
}

/**
 * The scope of `file`'s repository: a kernel tree's `arch/<arch>/boot/dts` dirs when the file is in
 * one (a header under `include/` too, which has no `.git` of its own in a source tarball), else the
 * nearest dir with `.git` or `dtlint.config.json` (user-files.ts).
 */
export function scanScope(file: string, host: IncludeMapHost = diskHost()): ScanScope {
  const start = dirname(resolve(file));
  for (let d = start; ; d = dirname(d)) {
    if (isKernelRoot(d, host)) {
      const arch = join(d, 'arch');
      const dirs = host
        .list(arch)
        .filter((e) => e.isDirectory)
        .map((e) => join(arch, e.name, 'boot', 'dts'))
        .filter((p) => host.exists(p))
        .sort();
      return { root: d, dirs };
    }
    if (host.exists(join(d, '.git')) || host.exists(join(d, 'dtlint.config.json')) || dirname(d) === d) break;
  }
  const root = projectRoot(start, (p) => host.exists(p));
  return { root, dirs: [root] };
}

function isKernelRoot(dir: string, host: IncludeMapHost): boolean {
  return host.exists(join(dir, 'scripts', 'dtc', 'include-prefixes')) && host.exists(join(dir, 'include')) && host.exists(join(dir, 'arch'));
}

/**
 * Every DTS file under `roots` (real paths) and the files each one includes, then each file reached
 * that lies elsewhere (a header, a `.dtsi` behind `-I`) and what it includes, searched with the
 * include dirs of the first file that reached it (cpp searches one list for a whole compile).
 */
export function scanIncludes(roots: string | readonly string[], options: IncludeMapOptions = {}): Map<string, string[]> {
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
  /** Files reached and not yet scanned: the path as found (quoted includes resolve beside it) and the search list. */
  const reached: { path: string; dirs: readonly string[] }[] = [];
  const scan = (file: string, dirs: readonly string[]): void => {
    const key = host.real(file);
    if (map.has(key)) return;
    const text = host.read(file);
    const included: string[] = [];
    map.set(key, included);
    if (text === undefined) return;
    const seen = new Set<string>();
    for (const m of text.matchAll(INCLUDE)) {
      const quoted = m[1] ?? m[3];
      const name = quoted ?? m[2]!;
      // cpp: `#include "x"` looks beside the including file first, `<x>` only in the -I dirs.
      let found: string | undefined;
      if (quoted !== undefined && host.isFile(resolve(dirname(file), name))) found = resolve(dirname(file), name);
      for (let i = 0; found === undefined && i < dirs.length; i++) if (host.isFile(resolve(dirs[i]!, name))) found = resolve(dirs[i]!, name);
      if (found === undefined) continue;
      const real = host.real(found);
      if (seen.has(real)) continue;
      seen.add(real);
      included.push(real);
      if (!map.has(real)) reached.push({ path: found, dirs });
    }
  };
  const list = typeof roots === 'string' ? [roots] : roots;
  for (const root of list) for (const file of dtsFiles(resolve(root), host, options.ignored)) scan(file, dirsFor(file));
  while (reached.length > 0) {
    const next = reached.pop()!;
    scan(next.path, next.dirs);
  }
  return map;
}

const includersCache = new WeakMap<ReadonlyMap<string, readonly string[]>, Map<string, string[]>>();

/** The inverse of the map (who includes each file), built once per map. */
function includersOf(map: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  let includers = includersCache.get(map);
  if (includers) return includers;
  includers = new Map<string, string[]>();
  for (const [from, tos] of map)
    for (const to of tos) {
      const list = includers.get(to);
      if (list) list.push(from);
      else includers.set(to, [from]);
    }
  includersCache.set(map, includers);
  return includers;
}

/** The `.dts` (and `.dtso`) files that include `file`, directly or through other includes, sorted. */
export function boardsIncluding(file: string, map: ReadonlyMap<string, readonly string[]>): string[] {
  const includers = includersOf(map);
  const seen = new Set<string>([file]);
  const queue = [file];
  for (let i = 0; i < queue.length; i++)
    for (const from of includers.get(queue[i]!) ?? [])
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
  seen.delete(file);
  return [...seen].filter((f) => BOARD_EXTENSIONS.has(extname(f))).sort();
}

export interface ExpandedInputs {
  /** What to lint: the inputs, each included file replaced by the boards that include it. */
  files: string[];
  /** An included file no board includes (and that cannot stand alone): not linted, said so. */
  notifications: Notification[];
}

/**
 * Replaces each included file among `files` (a `.dtsi`, a header, any file a board includes) by the
 * boards of its project (scanScope) that include it. A `.dtsi` or header that no board includes is
 * skipped with one warning, unless it is a `.dtsi` with its own `/dts-v1/` (linted alone). A file of
 * another kind that no board includes is left for the engine, as before.
 */
export function expandIncludedFiles(files: readonly string[], options: IncludeMapOptions = {}): ExpandedInputs {
  const host = options.host ?? diskHost();
  const maps = new Map<string, Map<string, string[]>>();
  const out: string[] = [];
  const added = new Set<string>();
  const notifications: Notification[] = [];
  const add = (f: string): void => {
    const key = resolve(f);
    if (added.has(key)) return;
    added.add(key);
    out.push(f);
  };
  for (const file of files) {
    const ext = extname(file);
    if (DIRECT_EXTENSIONS.has(ext)) {
      add(file);
      continue;
    }
    if (!host.isFile(file)) {
      add(file); // the engine reports the unreadable file
      continue;
    }
    const scope = scanScope(file, host);
    const key = scope.dirs.join('\0');
    if (!maps.has(key)) maps.set(key, timed(`scan includes under ${scope.root}`, () => scanIncludes(scope.dirs, { ...options, host })));
    const all = boardsIncluding(host.real(resolve(file)), maps.get(key)!);
    const boards = options.ignored ? all.filter((b) => !options.ignored!(b)) : all;
    if (boards.length > 0) boards.forEach(add);
    else if (!INCLUDED_EXTENSIONS.has(ext)) add(file);
    else if (ext === '.dtsi' && /\/dts-v1\/\s*;/.test(host.read(file) ?? '')) add(file);
    else if (all.length > 0)
      notifications.push({
        severity: 'warning',
        message: `${file}: every board that includes it (${all.length}) is ignored, so it is not linted`,
        file,
      });
    else
      notifications.push({
        severity: 'warning',
        message: `${file}: no .dts file under ${scope.root} includes it, so it is not linted (lint a board that includes it)`,
        file,
      });
  }
  return { files: out, notifications };
}

function* dtsFiles(dir: string, host: IncludeMapHost, ignored?: (path: string) => boolean): Generator<string> {
  const entries = host.list(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory) {
      if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name) && !ignored?.(path)) yield* dtsFiles(path, host, ignored);
    } else if (DTS_EXTENSIONS.has(extname(e.name))) yield path;
  }
}

function diskHost(): IncludeMapHost {
  const real = new Map<string, string>();
  const files = new Map<string, boolean>();
  const dirs = new Map<string, string>();
  const realDir = (dir: string): string => {
    let known = dirs.get(dir);
    if (known === undefined) {
      try {
        known = realpathSync.native(dir);
      } catch {
        known = dir;
      }
      dirs.set(dir, known);
    }
    return known;
  };
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
      // Boards of one SoC include the same headers through the same dirs: stat each path once.
      let known = files.get(path);
      if (known === undefined) {
        try {
          known = statSync(path).isFile();
        } catch {
          known = false;
        }
        files.set(path, known);
      }
      return known;
    },
    exists: existsSync,
    real(path) {
      // One lstat per file, one realpath per dir: glibc's realpath lstats every component of every file.
      let known = real.get(path);
      if (known === undefined) {
        const inReal = join(realDir(dirname(path)), basename(path));
        try {
          known = lstatSync(inReal).isSymbolicLink() ? realpathSync.native(inReal) : inReal;
        } catch {
          known = path;
        }
        real.set(path, known);
      }
      return known;
    },
  };
}
