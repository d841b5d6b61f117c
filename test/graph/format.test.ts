import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { closure } from '../../src/graph/closure.js';
import { compactIndices, formatDot, formatJson, formatText } from '../../src/graph/format.js';
import { buildDependencyGraph } from '../../src/graph/graph.js';
import { findNodeByLabel } from '../../src/dts/query.js';
import { treeOf } from './helpers.js';

const FIXTURE = resolve('fixtures/graph/imx-like.dts');

function fec1(reverse = false) {
  const tree = treeOf(readFileSync(FIXTURE, 'latin1'), FIXTURE);
  const dg = buildDependencyGraph(tree);
  return { dg, c: closure(dg, [findNodeByLabel(tree, 'fec1')!], { reverse }) };
}

describe('deps formats', () => {
  it('compacts index lists', () => {
    expect(compactIndices([0, 1, 2, 4, 6, 7])).toBe('0-2,4,6-7');
    expect(compactIndices([3])).toBe('3');
  });

  it('prints the closure as a tree with the properties that explain each node', () => {
    const { dg, c } = fec1();
    expect(formatText(dg, c)).toBe(`fec1 (/bus@5b000000/ethernet@5b040000)
├─ via interrupts[0] -> gic (/interrupt-controller@51a00000)
├─ via clocks[0-2] -> enet0_lpcg (/bus@5b000000/clock-controller@5b230000)
│  └─ via clocks[0-1] -> clk (/scu/clock-controller)
├─ via power-domains[0] -> pd (/scu/power-controller)
│  └─ via parent -> /scu
│     └─ via mboxes[0] -> lsio_mu1 (/mailbox@5d1c0000)
├─ via iommus[0] -> smmu (/iommu@51400000)
├─ via phy-handle[0] -> ethphy0 (/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0)
│  └─ via parent -> /bus@5b000000/ethernet@5b040000/mdio
└─ via parent -> conn_subsys (/bus@5b000000)

10 dependencies
`);
  });

  it('prints the reverse closure: who depends on the node, and through what', () => {
    const { dg, c } = fec1(true);
    expect(formatText(dg, c)).toBe(`fec1 (/bus@5b000000/ethernet@5b040000)
└─ /bus@5b000000/ethernet@5b040000/mdio via parent
   ├─ ethphy0 (/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0) via parent
   └─ ethphy1 (/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1) via parent
      └─ fec2 (/bus@5b000000/ethernet@5b050000) [disabled] via phy-handle[0]

4 nodes depend on it
`);
  });

  it('writes JSON with members, chains and the edges among them', () => {
    const { dg, c } = fec1(true);
    const json = JSON.parse(formatJson(dg, c)) as {
      direction: string;
      starts: string[];
      members: { path: string; enabled: boolean; from: string | null; via: { property: string } | null }[];
      edges: { consumer: string; supplier: string; property: string; binding: string; at: { line: number } }[];
    };
    expect(json.direction).toBe('dependents');
    expect(json.starts).toEqual(['/bus@5b000000/ethernet@5b040000']);
    const byPath = new Map(json.members.map((m) => [m.path, m]));
    const chain = (m: (typeof json.members)[number]): string => {
      const props: string[] = [];
      for (let x: (typeof json.members)[number] | undefined = m; x?.via; x = x.from === null ? undefined : byPath.get(x.from)) props.unshift(x.via.property || 'parent');
      return props.join(' ');
    };
    expect(json.members.map((m) => [m.path, m.enabled, chain(m)])).toEqual([
      ['/bus@5b000000/ethernet@5b040000', true, ''],
      ['/bus@5b000000/ethernet@5b040000/mdio', true, 'parent'],
      ['/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@0', true, 'parent parent'],
      ['/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1', true, 'parent parent'],
      ['/bus@5b000000/ethernet@5b050000', false, 'parent parent phy-handle'],
    ]);
    const phy = json.edges.find((e) => e.property === 'phy-handle' && e.consumer.endsWith('5b050000'))!;
    expect(phy).toMatchObject({ supplier: '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1', binding: 'phy-handle', at: { line: 87 } });
    expect(json.edges).toHaveLength(5);
  });

  it('writes DOT that Graphviz renders', () => {
    const { dg, c } = fec1();
    const dot = formatDot(dg, c);
    expect(dot).toContain('"/bus@5b000000/ethernet@5b040000" -> "/bus@5b000000/clock-controller@5b230000" [label="clocks[0-2]"];');
    expect(dot).toContain('"/bus@5b000000/ethernet@5b040000" [label="fec1\\n/bus@5b000000/ethernet@5b040000", style=bold];');
    const svg = spawnSync('dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    expect(svg.stdout).toContain('enet0_lpcg');
  });
});
