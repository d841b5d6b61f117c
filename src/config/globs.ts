/**
 * The config's `files`: plain paths and globs (`*` and `?` within a name, `**` for any depth),
 * relative to the config file. Node 20 has no fs.glob, and this small subset is all a DTS tree needs.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

export interface ExpandedFiles {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** Patterns that matched nothing (a plain path that does not exist is one). */
  unmatched: string[];
}

export function expandFileGlobs(patterns: readonly string[], root: string): ExpandedFiles {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const absolute = isAbsolute(pattern) ? pattern : join(root, pattern);
    const before = files.size;
    if (!/[*?]/.test(pattern)) {
      if (isFile(absolute)) files.add(absolute);
    } else {
      const { base, rest } = splitStatic(absolute);
      const matcher = globToRegExp(rest);
      for (const file of walk(base)) if (matcher.test(relative(base, file).split(sep).join('/'))) files.add(file);
    }
    if (files.size === before && ![...files].some((f) => f === absolute)) unmatched.push(pattern);
  }
  return { files: [...files].sort(), unmatched };
}

/** The directory part before the first wildcard, and the pattern below it (with `/`). */
function splitStatic(pattern: string): { base: string; rest: string } {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((p) => /[*?]/.test(p));
  return { base: parts.slice(0, first).join(sep) || sep, rest: parts.slice(first).join('/') };
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
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
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* walk(path);
    } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(path))) yield path;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
