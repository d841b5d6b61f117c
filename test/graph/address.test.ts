import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sysfsName, translateReg } from '../../src/graph/address.js';
import { resolveNode } from '../../src/graph/resolve-node.js';
import type { Node, Tree } from '../../src/dts/tree.js';
import { findNodeByPath, nodePath } from '../../src/dts/query.js';
import { treeOf } from './helpers.js';

const FIXTURE = resolve('fixtures/graph/imx-like.dts');

const BUSES = `/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;

	soc@30000000 {
		#address-cells = <1>;
		#size-cells = <1>;
		ranges = <0x0 0x30000000 0x1000000>;

		sub@100 {
			#address-cells = <1>;
			#size-cells = <1>;
			reg = <0x100 0x100>;
			ranges = <0x100 0x1000 0x100>;
			timer@120 { reg = <0x120 0x10>; };
			far@300 { reg = <0x300 0x10>; };
		};
		flat {
			#address-cells = <1>;
			#size-cells = <1>;
			ranges;
			uart@2000 { reg = <0x2000 0x100>; };
		};
		i2c@a20000 {
			reg = <0xa20000 0x1000>;
			#address-cells = <1>;
			#size-cells = <0>;
			codec@1a { reg = <0x1a>; };
		};
		gpio@8000 { reg = <0x8000 0x100 0x9000 0x100>; mask = <0x30>; };
	};
	leds { led0 { }; };
	pcie@40000000 {
		device_type = "pci";
		reg = <0x40000000 0x1000>;
		#address-cells = <3>;
		#size-cells = <2>;
		ranges = <0x01000000 0 0x0 0x50000000 0 0x10000>,
		         <0x02000000 0 0x10000000 0x60000000 0 0x10000000>;
		dev@0 { reg = <0x02000000 0 0x10002000 0 0x100>; };
	};
};`;

function at(tree: Tree, path: string): Node {
  const n = findNodeByPath(tree, path);
  if (!n) throw new Error(`no ${path}`);
  return n;
}

describe('address translation', () => {
  const tree = treeOf(BUSES);

  it('maps reg through every ancestor\'s ranges', () => {
    expect(translateReg(at(tree, '/soc@30000000/sub@100/timer@120'))).toEqual({ ok: true, address: 0x30001020n, size: 0x10n });
    expect(translateReg(at(tree, '/soc@30000000/sub@100'))).toEqual({ ok: true, address: 0x30000100n, size: 0x100n });
    expect(translateReg(at(tree, '/soc@30000000/flat/uart@2000'))).toMatchObject({ ok: true, address: 0x30002000n });
    expect(translateReg(at(tree, '/pcie@40000000/dev@0'))).toMatchObject({ ok: true, address: 0x60002000n });
  });

  it('says why an address cannot be translated', () => {
    expect(translateReg(at(tree, '/soc@30000000/sub@100/far@300'))).toMatchObject({
      ok: false,
      reason: '0x300 of /soc@30000000/sub@100/far@300 is outside every ranges entry of /soc@30000000/sub@100',
    });
    expect(translateReg(at(tree, '/soc@30000000/i2c@a20000/codec@1a'))).toMatchObject({
      ok: false,
      reason: '/soc@30000000/i2c@a20000 has no ranges, so /soc@30000000/i2c@a20000/codec@1a is not visible to the CPU',
    });
    expect(translateReg(at(tree, '/leds'))).toMatchObject({ ok: false, reason: '/leds has no reg' });
  });

  it('names devices as Linux does in sysfs', () => {
    expect(sysfsName(at(tree, '/soc@30000000/sub@100/timer@120'))).toBe('30001020.timer');
    expect(sysfsName(at(tree, '/soc@30000000/flat/uart@2000'))).toBe('30002000.uart');
    expect(sysfsName(at(tree, '/soc@30000000/i2c@a20000/codec@1a'))).toBe('30a20000.i2c:codec@1a');
    expect(sysfsName(at(tree, '/soc@30000000/gpio@8000'))).toBe('30008000.4.gpio');
    expect(sysfsName(at(tree, '/leds/led0'))).toBe('leds:led0');
    expect(sysfsName(at(tree, '/leds'))).toBe('leds');
  });

  it('translates through the i.MX-like conn bus ranges', () => {
    const imx = treeOf(readFileSync(FIXTURE, 'latin1'), FIXTURE);
    expect(sysfsName(at(imx, '/bus@5b000000/ethernet@5b040000'))).toBe('5b040000.ethernet');
    expect(sysfsName(at(imx, '/bus@5b000000'))).toBe('bus@5b000000');
    expect(sysfsName(at(imx, '/iommu@51400000'))).toBe('51400000.iommu');
  });
});

describe('resolveNode', () => {
  const tree = treeOf(readFileSync(FIXTURE, 'latin1'), FIXTURE);
  const path = (q: string): string => {
    const r = resolveNode(tree, q);
    return r.ok ? `${r.how} ${nodePath(r.node)}` : `error: ${r.message}`;
  };

  it('finds a node by label, path, sysfs name or unique node name', () => {
    expect(path('fec1')).toBe('label /bus@5b000000/ethernet@5b040000');
    expect(path('&fec2')).toBe('label /bus@5b000000/ethernet@5b050000');
    expect(path('/bus@5b000000/ethernet@5b040000')).toBe('path /bus@5b000000/ethernet@5b040000');
    expect(path('&{/bus@5b000000/ethernet@5b040000/mdio}')).toBe('path /bus@5b000000/ethernet@5b040000/mdio');
    expect(path('/bus/ethernet@5b050000')).toBe('path /bus@5b000000/ethernet@5b050000');
    expect(path('5b040000.ethernet')).toBe('sysfs /bus@5b000000/ethernet@5b040000');
    expect(path('mailbox@5d1c0000')).toBe('name /mailbox@5d1c0000');
  });

  it('says so when nothing matches', () => {
    expect(path('fec9')).toBe('error: no node fec9: not a label, path, alias or sysfs name in this tree');
    expect(path('/bus@5b000000/nothing')).toBe('error: no node at path /bus@5b000000/nothing');
    // As libfdt: a name without unit address picks the first node of that name.
    expect(path('/bus@5b000000/ethernet')).toBe('path /bus@5b000000/ethernet@5b040000');
  });

  it('follows /aliases', () => {
    const t = treeOf(`/dts-v1/;
/ {
	aliases { ethernet0 = &eth; serial0 = "/soc/uart@1"; };
	soc { #address-cells = <1>; #size-cells = <1>; eth: ethernet@0 { reg = <0 1>; }; uart@1 { reg = <1 1>; }; };
};`);
    const r1 = resolveNode(t, 'ethernet0');
    const r2 = resolveNode(t, 'serial0');
    expect(r1.ok && nodePath(r1.node)).toBe('/soc/ethernet@0');
    expect(r2.ok && `${r2.how} ${nodePath(r2.node)}`).toBe('alias /soc/uart@1');
  });
});
