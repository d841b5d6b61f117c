/**
 * The graph on real Linux 6.12 boards (i.MX 8QM MEK: the seed's host). Skipped, with a test that
 * says so, when the kernel sources are not on this machine.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileDts } from '../../src/dts/compile.js';
import { findNodeByLabel } from '../../src/dts/query.js';
import { closure, suppliersOf } from '../../src/graph/closure.js';
import { buildDependencyGraph } from '../../src/graph/graph.js';
import { resolveNode } from '../../src/graph/resolve-node.js';
import { edgeLine } from './helpers.js';

const KERNEL = process.env['DTLINT_LINUX'] ?? '/root/.cache/dtlint/linux-source-6.12';
const BOARD = join(KERNEL, 'arch/arm64/boot/dts/freescale/imx8qm-mek.dts');
const present = existsSync(BOARD);

(present ? describe : describe.skip)('Linux 6.12 imx8qm-mek', () => {
  const result = compileDts(BOARD);
  const tree = result.tree!;

  it('compiles', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('finds fec1 by its sysfs name and lists its suppliers', () => {
    const found = resolveNode(tree, '5b040000.ethernet');
    expect(found.ok && found.node).toBe(findNodeByLabel(tree, 'fec1'));
    const dg = buildDependencyGraph(tree);
    const lines = suppliersOf(dg, findNodeByLabel(tree, 'fec1')!).map(edgeLine);
    expect(lines).toContain('/bus@5b000000/ethernet@5b040000 -> /iommu@51400000 iommus[0] (18 32640)');
    expect(lines).toContain('/bus@5b000000/ethernet@5b040000 -> /bus@5b000000/clock-controller@5b230000 clocks[0] (16)');
    expect(lines).toContain('/bus@5b000000/ethernet@5b040000 -> /system-controller/power-controller power-domains[0] (251)');
    const c = closure(dg, [findNodeByLabel(tree, 'fec2')!], { reverse: false });
    expect(c.byPath.get('/bus@5b000000/ethernet@5b040000')?.chain.map(edgeLine)).toEqual([
      '/bus@5b000000/ethernet@5b050000 -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 phy-handle[0]',
      '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 -> /bus@5b000000/ethernet@5b040000/mdio parent',
      '/bus@5b000000/ethernet@5b040000/mdio -> /bus@5b000000/ethernet@5b040000 parent',
    ]);
  });

  // Its time is the bench's to measure (bench/phases.ts), not a test's: a loaded machine would fail it.
  it('builds the graph and reads every list cleanly', () => {
    const dg = buildDependencyGraph(tree);
    expect(dg.edges.length).toBeGreaterThan(1000);
    expect(dg.problems).toEqual([]);
  });
});

if (!present) {
  describe('Linux 6.12 imx8qm-mek', () => {
    it(`is skipped: no kernel sources at ${KERNEL} (set DTLINT_LINUX)`, () => {
      expect(present).toBe(false);
    });
  });
}
