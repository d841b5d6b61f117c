/**
 * What the npm package holds: the library (dist/src, dist/rules), the CLI bundle, bin and docs; not
 * the build and corpus scripts, the benchmarks or source maps (scripts/README.md).
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

describe('npm package', () => {
  it('ships the library, the bundle and the docs, and no scripts, benchmarks or source maps', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/dtlint.js', 'dist/dtlint.cjs', 'dist/load-bundle.cjs', 'dist/src/index.js', 'dist/src/index.d.ts', 'docs/rules/pair-input.md']));
    expect(files.filter((f) => f.startsWith('dist/scripts/') || f.startsWith('dist/bench/') || f.startsWith('scripts/') || f.endsWith('.map'))).toEqual([]);
  });
});
