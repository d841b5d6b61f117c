/** How reporters name files: relative to the working dir with `/`, or absolute when outside it. */
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}
