/**
 * What a user sees of a compile, as one string to compare two compiles by (the prefix store and the
 * prefix share must give what a compile without them gives), and the same check for a
 * preprocessor's output: its text and where every offset of it came from.
 */
import { expect } from '@jest/globals';
import type { CompileResult } from '../../src/dts/compile.js';
import type { PreprocessResult } from '../../src/dts/preprocess/index.js';
import { plainJson } from '../../src/dts/store/plain-json.js';
import { printDts } from '../../src/dts/print.js';

/** Diagnostics, files, the tree as DTS, and the place of every node, property and cell. */
export function seen(r: CompileResult): string {
  const places: string[] = [];
  const walk = (n: NonNullable<CompileResult['tree']>['root']): void => {
    places.push(plainJson([n.name, n.definedAt, n.labels]));
    for (const p of n.properties) {
      places.push(plainJson([p.name, p.at, p.nameAt, p.overridden, p.labels]));
      for (const c of p.value) places.push(plainJson(c.kind === 'cells' ? [c.at, c.cells] : c.at));
    }
    for (const c of n.children) walk(c);
  };
  if (r.tree) walk(r.tree.root);
  const rest = r.tree ? [r.tree.memreserves, r.tree.deletions, r.tree.bootCpuid, r.tree.plugin] : null;
  return plainJson([r.diagnostics, r.files, r.tree ? printDts(r.tree) : null, places, rest]);
}

/** `actual` has `expected`'s text, and every offset of it locates the same (macro output included). */
export function expectSameOutput(actual: Pick<PreprocessResult, 'text' | 'origins'>, expected: Pick<PreprocessResult, 'text' | 'origins'>): void {
  expect(actual.text).toBe(expected.text);
  let macros = 0;
  for (let i = 0; i < expected.text.length; i++) {
    const a = expected.origins.locate(i, i + 1);
    if (a.expansion) macros++;
    expect(actual.origins.locate(i, i + 1)).toEqual(a);
  }
  expect(macros).toBeGreaterThan(0);
}
