/**
 * File arguments and the config's `files` and `ignorePatterns`: plain paths, directories and globs
 * (`*` and `?` within a name, `**` for any depth, `[abc]`, `{a,b}`), as ESLint takes them. Node 20
 * has no fs.glob, and this subset (minimatch's, without negation and extglobs) is all a DTS tree needs:
 * no dependency loads at every start (docs/performance.md).
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** Never walked into, as ESLint's default ignores (`**\/node_modules/`, `.git/`). */
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
/** What a directory argument means: its boards (a `.dtsi` or header is linted through them). */
export const BOARD_EXTENSIONS = new Set(['.dts', '.dtso']);
/** What a glob argument keeps: boards, and files boards include (linted through them). */
const GLOB_EXTENSIONS = new Set(['.dts', '.dtso', '.dtsi', '.h']);

export interface ExpandedFiles {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Patterns that matched nothing (a plain path that does not exist is one). */
  unmatched: string[];
}

export function expandFileGlobs(patterns: readonly string[], root: string, ignored: IgnoreMatcher = NOTHING_IGNORED): ExpandedFiles {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : join(root, pattern);
    const before = files.size;
    if (!isGlob(pattern)) {
      if (isFile(absolute) && !ignored(absolute)) files.add(absolute);
    } else for (const file of globFiles(absolute, ignored)) files.add(file);
    if (files.size === before && ![...files].some((f) => f === absolute)) unmatched.push(pattern);
  }
  return { files: [...files].sort(), unmatched };
}

export interface ExpandedArguments {
  /** Files as given (plain paths), then what directories and globs matched, sorted within each; each once. */
  files: string[];
  /** One line per argument that gave nothing: ESLint's wording. */
  problems: string[];
  /** A file named on the command line that an ignore pattern matches (ESLint warns and skips it). */
  ignoredFiles: string[];
}

/**
 * The command line's file arguments. A plain file is kept as written (missing ones too: the engine
 * says it cannot read them); a directory gives its `.dts`/`.dtso` files below it; a glob (quoted, so
 * the shell left it) the `.dts`, `.dtso`, `.dtsi` and `.h` files it matches. `ignored` skips files
 * and whole directories.
 */
export function expandArguments(args: readonly string[], cwd: string, ignored: IgnoreMatcher = NOTHING_IGNORED): ExpandedArguments {
  const out: string[] = [];
  const seen = new Set<string>();
  const problems: string[] = [];
  const ignoredFiles: string[] = [];
  const add = (file: string, shown: string): void => {
    const key = resolve(cwd, file);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(shown);
  };
  // What a directory or glob found, as the user would write it: relative to the working dir when below it.
  const found = (file: string): void => {
    const rel = relative(cwd, file);
    add(file, rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel);
  };
  for (const arg of args) {
    const absolute = resolve(cwd, arg);
    if (isDirectory(absolute)) {
      if (ignored(absolute)) {
        problems.push(`All files matched by '${arg}' are ignored.`);
        continue;
      }
      const boards = [...walk(absolute, ignored)].filter((f) => BOARD_EXTENSIONS.has(extname(f)));
      if (boards.length === 0) problems.push(`No .dts files found in the directory '${arg}'.`);
      boards.forEach(found);
    } else if (isGlob(arg) && !isFile(absolute)) {
      const all = [...globFiles(absolute, NOTHING_IGNORED)].filter((f) => GLOB_EXTENSIONS.has(extname(f)));
      const kept = all.filter((f) => !ignored(f));
      if (all.length === 0) problems.push(`No files matching the pattern '${arg}' were found.`);
      else if (kept.length === 0) problems.push(`All files matched by '${arg}' are ignored.`);
      kept.forEach(found);
    } else if (isFile(absolute) && ignored(absolute)) ignoredFiles.push(arg);
    else add(arg, arg);
  }
  return { files: out, problems, ignoredFiles };
}

/** Whether an absolute path is ignored (a file, or a directory and so all below it). */
export type IgnoreMatcher = (absolutePath: string) => boolean;

export const NOTHING_IGNORED: IgnoreMatcher = () => false;

/**
 * ESLint's ignore patterns: globs relative to `base` (the working dir for `--ignore-pattern`, the
 * config's dir for `ignorePatterns`). A pattern matches a path or any dir above it, so `vendor` and
 * `vendor/` ignore the dir `vendor` beside the config (a trailing `/` matches dirs only), and
 * `**\/vendor/` a dir of that name at any depth.
 */
export function ignoreMatcher(groups: readonly { patterns: readonly string[]; base: string }[]): IgnoreMatcher {
  const compiled = groups.flatMap((g) =>
    g.patterns.map((p) => {
      const dirOnly = p.endsWith('/');
      const body = p.replace(/^\.\//, '').replace(/\/+$/, '');
      const rooted = isAbsolute(body) ? body : join(g.base, body);
      const { base, rest } = splitStatic(rooted);
      return { base, rest: rest === '' ? undefined : globToRegExp(rest), dirOnly };
    }),
  );
  if (compiled.length === 0) return NOTHING_IGNORED;
  return (path) => {
    const abs = resolve(path);
    for (const c of compiled) {
      const rel = relative(c.base, abs);
      if (rel.startsWith('..') || isAbsolute(rel)) continue;
      const parts = rel === '' ? [] : rel.split(sep);
      // Every prefix of the path: a dir that matches ignores what is below it.
      for (let n = c.rest === undefined ? 0 : 1; n <= parts.length; n++) {
        const isWhole = n === parts.length;
        if (c.dirOnly && isWhole && !isDirectory(abs)) continue;
        if (c.rest === undefined || c.rest.test(parts.slice(0, n).join('/'))) return true;
      }
    }
    return false;
  };
}

export function isGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/** Files below the pattern's static part that it matches, walked in sorted order. */
function* globFiles(absolutePattern: string, ignored: IgnoreMatcher): Generator<string> {
  const { base, rest } = splitStatic(absolutePattern);
  const matcher = globToRegExp(rest);
  for (const file of walk(base, ignored)) if (matcher.test(relative(base, file).split(sep).join('/'))) yield file;
}

/** The directory part before the first wildcard, and the pattern below it (with `/`). */
function splitStatic(pattern: string): { base: string; rest: string } {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((p) => isGlob(p));
  if (first < 0) return { base: parts.join(sep) || sep, rest: '' };
  return { base: parts.slice(0, first).join(sep) || sep, rest: parts.slice(first).join('/') };
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole directories; a trailing `**` matches everything below.
      if (glob[i + 2] === '/') {
        re += '(?:[^/]+/)*';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && glob.indexOf(']', i + 2) > i) {
      // `[abc]`, `[a-z]`, `[!a]` / `[^a]`: one character of a name.
      const end = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      re += `[${negated ? '^/' : ''}${(negated ? body.slice(1) : body).replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{' && glob.indexOf('}', i) > i) {
      braces++;
      re += '(?:';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function* walk(dir: string, ignored: IgnoreMatcher = NOTHING_IGNORED): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !ignored(path)) yield* walk(path, ignored);
    } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(path))) && !ignored(path)) yield path;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
