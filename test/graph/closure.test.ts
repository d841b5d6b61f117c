import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closure, consumersOf, describeEdge, suppliersOf } from '../../src/graph/closure.js';
import { buildDependencyGraph } from '../../src/graph/graph.js';
import type { Node } from '../../src/dts/tree.js';
import { findNodeByLabel, nodePath } from '../../src/dts/query.js';
import { edgeLine, treeOf } from './helpers.js';

const FIXTURE = resolve('fixtures/graph/imx-like.dts');

function load() {
  const tree = treeOf(readFileSync(FIXTURE, 'latin1'), FIXTURE);
  const dg = buildDependencyGraph(tree);
  const byLabel = (l: string): Node => findNodeByLabel(tree, l)!;
  return { tree, dg, byLabel };
}

describe('dependency graph', () => {
  it('has one graph node per tree node and one edge per entry, keyed by path', () => {
    const { dg, byLabel } = load();
    expect(dg.graph.hasNode('/bus@5b000000/ethernet@5b040000')).toBe(true);
    expect(dg.graph.order).toBe(14);
    expect(dg.graph.size).toBe(dg.edges.length);
    expect(suppliersOf(dg, byLabel('fec1')).map(edgeLine)).toEqual([
      '/bus@5b000000/ethernet@5b040000 -> /interrupt-controller@51a00000 interrupts[0] (0 258 4)',
      '/bus@5b000000/ethernet@5b040000 -> /bus@5b000000/clock-controller@5b230000 clocks[0] (4)',
      '/bus@5b000000/ethernet@5b040000 -> /bus@5b000000/clock-controller@5b230000 clocks[1] (2)',
      '/bus@5b000000/ethernet@5b040000 -> /bus@5b000000/clock-controller@5b230000 clocks[2] (3)',
      '/bus@5b000000/ethernet@5b040000 -> /scu/power-controller power-domains[0] (251)',
      '/bus@5b000000/ethernet@5b040000 -> /iommu@51400000 iommus[0] (18 32640)',
      '/bus@5b000000/ethernet@5b040000 -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0 phy-handle[0]',
      '/bus@5b000000/ethernet@5b040000 -> /bus@5b000000 parent',
    ]);
    expect(consumersOf(dg, byLabel('ethphy1')).map(edgeLine)).toEqual([
      '/bus@5b000000/ethernet@5b050000 -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 phy-handle[0]',
    ]);
  });

  it('is built the same way twice (deterministic keys and order)', () => {
    const a = load().dg;
    const b = load().dg;
    expect(a.graph.edges()).toEqual(b.graph.edges());
    expect(a.edges.map(edgeLine)).toEqual(b.edges.map(edgeLine));
  });
});

describe('closure', () => {
  it('collects the transitive dependencies breadth-first, each with its shortest chain', () => {
    const { dg, byLabel } = load();
    const c = closure(dg, [byLabel('fec1')]);
    expect(c.members.map((m) => m.path)).toEqual([
      '/bus@5b000000/ethernet@5b040000',
      '/interrupt-controller@51a00000',
      '/bus@5b000000/clock-controller@5b230000',
      '/scu/power-controller',
      '/iommu@51400000',
      '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0',
      '/bus@5b000000',
      '/scu/clock-controller',
      '/scu',
      '/bus@5b000000/ethernet@5b040000/mdio',
      '/mailbox@5d1c0000',
    ]);
    const chain = (path: string) => c.byPath.get(path)!.chain.map((e) => `${nodePath(e.consumer)} ${describeEdge(e)}`);
    expect(chain('/bus@5b000000/ethernet@5b040000')).toEqual([]);
    expect(chain('/mailbox@5d1c0000')).toEqual([
      '/bus@5b000000/ethernet@5b040000 power-domains[0]',
      '/scu/power-controller parent',
      '/scu mboxes[0]',
    ]);
    // Three clocks point at the LPCG: the chain names the first.
    expect(chain('/scu/clock-controller')).toEqual(['/bus@5b000000/ethernet@5b040000 clocks[0]', '/bus@5b000000/clock-controller@5b230000 clocks[0]']);
  });

  it('walks consumers in reverse: what depends on a node, and why', () => {
    const { dg, byLabel } = load();
    const c = closure(dg, [byLabel('fec1')], { reverse: true });
    expect(c.members.map((m) => m.path)).toEqual([
      '/bus@5b000000/ethernet@5b040000',
      '/bus@5b000000/ethernet@5b040000/mdio',
      '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0',
      '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1',
      '/bus@5b000000/ethernet@5b050000',
    ]);
    expect(c.byPath.get('/bus@5b000000/ethernet@5b050000')!.chain.map(edgeLine)).toEqual([
      '/bus@5b000000/ethernet@5b040000/mdio -> /bus@5b000000/ethernet@5b040000 parent',
      '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 -> /bus@5b000000/ethernet@5b040000/mdio parent',
      '/bus@5b000000/ethernet@5b050000 -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 phy-handle[0]',
    ]);
  });

  it('takes several start nodes, keeps the first chain, and can filter edges', () => {
    const { dg, byLabel } = load();
    const c = closure(dg, [byLabel('fec2'), byLabel('fec1'), byLabel('fec2')], {
      follow: (e) => e.binding.devlink === 'supplier',
    });
    expect(c.starts.map(nodePath)).toEqual(['/bus@5b000000/ethernet@5b050000', '/bus@5b000000/ethernet@5b040000']);
    // Only fw_devlink suppliers: no iommus (optional), no phy-handle, no parent edges.
    expect(c.members.map((m) => m.path)).toEqual([
      '/bus@5b000000/ethernet@5b050000',
      '/bus@5b000000/ethernet@5b040000',
      '/interrupt-controller@51a00000',
      '/scu/power-controller',
      '/bus@5b000000/clock-controller@5b230000',
      '/scu/clock-controller',
    ]);
    expect(c.byPath.get('/scu/power-controller')!.chain.map(edgeLine)).toEqual([
      '/bus@5b000000/ethernet@5b050000 -> /scu/power-controller power-domains[0] (252)',
    ]);
  });
});
