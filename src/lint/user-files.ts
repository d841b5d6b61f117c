/**
 * Which of the files a board reads are the user's own: rules that read raw text (comments,
 * suppressions) look there and not into kernel headers or a vendor tree reached through `-I`.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';

const DTS_EXTENSIONS = new Set(['.dts', '.dtsi', '.dtso']);
const ROOT_MARKERS = ['.git', 'dtlint.config.json'];

/** The nearest dir at or above `dir` that holds a repository or a dtlint config; else `dir` itself. */
export function projectRoot(dir: string, exists: (path: string) => boolean = existsSync): string {
  const start = resolve(dir);
  for (let d = start; ; d = dirname(d)) {
    if (ROOT_MARKERS.some((m) => exists(join(d, m)))) return d;
    if (dirname(d) === d) return start;
  }
}

/** The linted file, then every DTS source it read that lies under its project root, in reading order. */
export function userFilesOf(
  file: string,
  filesRead: readonly string[],
  exists: (path: string) => boolean = existsSync,
): string[] {
  const root = projectRoot(dirname(file), exists);
  const prefix = root.endsWith(sep) ? root : root + sep;
  const result = [file];
  const seen = new Set([resolve(file)]);
  for (const f of filesRead) {
    const abs = resolve(f);
    if (seen.has(abs) || !DTS_EXTENSIONS.has(extname(f)) || !abs.startsWith(prefix)) continue;
    seen.add(abs);
    result.push(f);
  }
  return result;
}
