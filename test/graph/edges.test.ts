import { describe, expect, it } from '@jest/globals';
import { bindingFor } from '../../src/graph/bindings.js';
import { extractEdges } from '../../src/graph/edges.js';
import { nodePath } from '../../src/dts/query.js';
import { edgeLine, propertyEdges, treeOf } from './helpers.js';

function edgesOf(dts: string): string[] {
  return propertyEdges(extractEdges(treeOf(dts)).edges);
}

function problemsOf(dts: string): string[] {
  return extractEdges(treeOf(dts)).problems.map((p) => {
    const e = p.entry;
    const what = !e ? 'not-cells' : e.problem ? JSON.stringify({ ...e.problem, provider: undefined }) : '';
    return `${nodePath(p.node)}:${p.property.name}[${e?.index ?? '-'}] ${what}`;
  });
}

describe('binding table', () => {
  it('matches names, suffixes and patterns as Linux does', () => {
    expect(bindingFor('clocks')?.cells).toBe('#clock-cells');
    expect(bindingFor('vdd-supply')?.id).toBe('*-supply');
    expect(bindingFor('-supply')).toBeUndefined();
    expect(bindingFor('reset-gpios')?.cells).toBe('#gpio-cells');
    expect(bindingFor('enable-gpio')?.id).toBe('*-gpio');
    expect(bindingFor('snps,nr-gpios')).toBeUndefined();
    expect(bindingFor('nr-gpios')).toBeUndefined();
    expect(bindingFor('pinctrl-0')?.devlink).toBe('supplier');
    expect(bindingFor('pinctrl-9')?.devlink).toBe('none');
    expect(bindingFor('pinctrl-names')).toBeUndefined();
    expect(bindingFor('iommus')?.devlink).toBe('optional');
    expect(bindingFor('post-init-providers')?.devlink).toBe('ignored');
    expect(bindingFor('phy-handle')?.layout).toBe('phandles');
    expect(bindingFor('compatible')).toBeUndefined();
  });
});

describe('edge extraction', () => {
  it('splits clocks with mixed #clock-cells', () => {
    const dts = `/dts-v1/;
/ {
	a: clock-a { #clock-cells = <1>; };
	b: clock-b { #clock-cells = <0>; };
	c: clock-c { #clock-cells = <2>; };
	dev { clocks = <&a 1 &b &c 2 3>, <&b>; };
};`;
    expect(edgesOf(dts)).toEqual([
      '/dev -> /clock-a clocks[0] (1)',
      '/dev -> /clock-b clocks[1]',
      '/dev -> /clock-c clocks[2] (2 3)',
      '/dev -> /clock-b clocks[3]',
    ]);
  });

  it('gives each edge the location of its phandle cell', () => {
    const dts = `/dts-v1/;
/ {
	b: clock-b { #clock-cells = <0>; };
	dev {
		clocks = <&b>,
		         <&b>;
	};
};`;
    const edges = extractEdges(treeOf(dts)).edges.filter((e) => e.property === 'clocks');
    expect(edges.map((e) => [e.at.line, e.at.column])).toEqual([
      [5, 13],
      [6, 13],
    ]);
  });

  it('follows interrupt-parent inherited from the nearest ancestor', () => {
    const dts = `/dts-v1/;
/ {
	interrupt-parent = <&gic>;
	gic: interrupt-controller@0 { interrupt-controller; #interrupt-cells = <3>; };
	intc2: interrupt-controller@1 { interrupt-controller; #interrupt-cells = <2>; interrupts = <0 9 4>; };
	bus {
		uart { interrupts = <0 1 4>, <0 2 4>; };
		sub {
			interrupt-parent = <&intc2>;
			i2c { interrupts = <5 8>; };
		};
	};
	gpio: gpio { gpio-controller; #gpio-cells = <2>; interrupt-controller; #interrupt-cells = <2>;
		button { interrupts = <3 1>; };
	};
	dev { interrupt-parent = <&intc2>; interrupts = <7 1>; };
};`;
    expect(edgesOf(dts)).toEqual([
      '/ -> /interrupt-controller@0 interrupt-parent[0]',
      '/interrupt-controller@1 -> /interrupt-controller@0 interrupts[0] (0 9 4)',
      '/bus/uart -> /interrupt-controller@0 interrupts[0] (0 1 4)',
      '/bus/uart -> /interrupt-controller@0 interrupts[1] (0 2 4)',
      '/bus/sub -> /interrupt-controller@1 interrupt-parent[0]',
      '/bus/sub/i2c -> /interrupt-controller@1 interrupts[0] (5 8)',
      // A child of an interrupt controller without interrupt-parent: the controller itself.
      '/gpio/button -> /gpio interrupts[0] (3 1)',
      '/dev -> /interrupt-controller@1 interrupt-parent[0]',
      '/dev -> /interrupt-controller@1 interrupts[0] (7 1)',
    ]);
  });

  it('gives the root interrupt controller no edge to itself, and reports interrupts without a parent', () => {
    const dts = `/dts-v1/;
/ {
	interrupt-parent = <&gic>;
	soc {
		gic: interrupt-controller { interrupt-controller; #interrupt-cells = <3>; interrupts = <1 9 4>; };
	};
	orphan-bus { dev { interrupts = <0 5 4>; }; };
};`;
    const tree = treeOf(dts);
    // Linux's of_irq_find_parent returns the GIC itself: its own interrupts are its maintenance IRQ.
    expect(edgesOf(dts)).toEqual(['/ -> /soc/interrupt-controller interrupt-parent[0]', '/orphan-bus/dev -> /soc/interrupt-controller interrupts[0] (0 5 4)']);
    expect(extractEdges(tree).problems).toEqual([]);
    const noParent = `/dts-v1/;
/ { bus { dev { interrupts = <5>; }; }; };`;
    expect(problemsOf(noParent)).toEqual(['/bus/dev:interrupts[0] {"kind":"no-interrupt-parent"}']);
  });

  it('reads interrupts-extended with each parent\'s #interrupt-cells and ignores interrupts beside it', () => {
    const dts = `/dts-v1/;
/ {
	gic: gic { interrupt-controller; #interrupt-cells = <3>; };
	gpio: gpio { interrupt-controller; #interrupt-cells = <2>; };
	dev {
		interrupt-parent = <&gic>;
		interrupts = <0 1 4>;
		interrupts-extended = <&gic 0 5 4>, <&gpio 3 1>;
	};
};`;
    expect(edgesOf(dts)).toEqual([
      '/dev -> /gic interrupt-parent[0]',
      '/dev -> /gic interrupts-extended[0] (0 5 4)',
      '/dev -> /gpio interrupts-extended[1] (3 1)',
    ]);
  });

  it('reads interrupt-map with child and parent #address-cells and #interrupt-cells', () => {
    const dts = `/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	gic: interrupt-controller@0 { interrupt-controller; #interrupt-cells = <3>; #address-cells = <1>; reg = <0 0 0 0>; };
	msi: intc@1 { interrupt-controller; #interrupt-cells = <1>; reg = <0 1 0 0>; };
	pcie@2 {
		reg = <0 2 0 0>;
		#address-cells = <3>;
		#size-cells = <2>;
		#interrupt-cells = <1>;
		interrupt-map-mask = <0 0 0 7>;
		interrupt-map = <0 0 0 1 &gic 0 0 141 4>,
		                <0 0 0 2 &msi 42>;
	};
};`;
    expect(edgesOf(dts)).toEqual([
      '/pcie@2 -> /interrupt-controller@0 interrupt-map[0] (0 0 141 4)',
      '/pcie@2 -> /intc@1 interrupt-map[1] (42)',
    ]);
  });

  it('reads the interrupt-map of controllers Linux lists as map abusers without the parent unit address', () => {
    const dts = `/dts-v1/;
/ {
	gic: interrupt-controller@0 { interrupt-controller; #interrupt-cells = <3>; #address-cells = <2>; };
	extirq: interrupt-controller@14 {
		compatible = "fsl,ls1088a-extirq";
		#interrupt-cells = <2>;
		#address-cells = <0>;
		interrupt-controller;
		interrupt-map = <0 0 &gic 0 0 4>, <1 0 &gic 0 1 4>;
		interrupt-map-mask = <0xf 0x0>;
	};
};`;
    expect(edgesOf(dts)).toEqual([
      '/interrupt-controller@14 -> /interrupt-controller@0 interrupt-map[0] (0 0 4)',
      '/interrupt-controller@14 -> /interrupt-controller@0 interrupt-map[1] (0 1 4)',
    ]);
  });

  it('reads *-supply as plain phandles', () => {
    const dts = `/dts-v1/;
/ {
	reg1: regulator-1 { };
	reg2: regulator-2 { };
	dev { vdd-supply = <&reg1>; vddio-supply = <&reg2>; };
};`;
    expect(edgesOf(dts)).toEqual(['/dev -> /regulator-1 vdd-supply[0]', '/dev -> /regulator-2 vddio-supply[0]']);
  });

  it('reads *-gpios and gpios, skipping counts, placeholders and gpio hogs', () => {
    const dts = `/dts-v1/;
/ {
	gpio1: gpio@1 { gpio-controller; #gpio-cells = <2>;
		hog { gpio-hog; gpios = <5 0>; output-high; };
	};
	gpio2: gpio@2 { gpio-controller; #gpio-cells = <3>; snps,nr-gpios = <32>; };
	dev {
		reset-gpios = <&gpio1 5 1>;
		enable-gpio = <&gpio2 1 2 3>;
		cs-gpios = <0>, <&gpio1 3 0>;
		gpios = <&gpio1 7 0>;
	};
};`;
    expect(edgesOf(dts)).toEqual([
      '/dev -> /gpio@1 reset-gpios[0] (5 1)',
      '/dev -> /gpio@2 enable-gpio[0] (1 2 3)',
      '/dev -> /gpio@1 cs-gpios[1] (3 0)',
      '/dev -> /gpio@1 gpios[0] (7 0)',
    ]);
  });

  it('reads pinctrl-N as plain phandle lists, and the groups depend on their controller', () => {
    const dts = `/dts-v1/;
/ {
	iomuxc: pinctrl@1 {
		pinctrl_a: a { fsl,pins = <1 2>; };
		pinctrl_b: b { fsl,pins = <3 4>; };
		pinctrl_c: c { fsl,pins = <5 6>; };
	};
	dev { pinctrl-names = "default", "sleep"; pinctrl-0 = <&pinctrl_a &pinctrl_b>; pinctrl-1 = <&pinctrl_c>; };
};`;
    const lines = extractEdges(treeOf(dts)).edges.map(edgeLine);
    expect(lines).toEqual([
      '/pinctrl@1/a -> /pinctrl@1 parent',
      '/pinctrl@1/b -> /pinctrl@1 parent',
      '/pinctrl@1/c -> /pinctrl@1 parent',
      '/dev -> /pinctrl@1/a pinctrl-0[0]',
      '/dev -> /pinctrl@1/b pinctrl-0[1]',
      '/dev -> /pinctrl@1/c pinctrl-1[0]',
    ]);
  });

  it('links remote-endpoint between the devices that own the ports', () => {
    const dts = `/dts-v1/;
/ {
	display {
		ports {
			#address-cells = <1>;
			#size-cells = <0>;
			port@0 { reg = <0>; dpu_out: endpoint { remote-endpoint = <&panel_in>; }; };
		};
	};
	panel {
		port { panel_in: endpoint { remote-endpoint = <&dpu_out>; }; };
	};
};`;
    const edges = extractEdges(treeOf(dts)).edges.filter((e) => e.property === 'remote-endpoint');
    expect(edges.map(edgeLine)).toEqual(['/display -> /panel remote-endpoint[0]', '/panel -> /display remote-endpoint[0]']);
    expect(edges.map((e) => nodePath(e.holder!))).toEqual(['/display/ports/port@0/endpoint', '/panel/port/endpoint']);
  });

  it('looks up raw numeric phandles and flags them', () => {
    const dts = `/dts-v1/;
/ {
	clk: clock { #clock-cells = <1>; phandle = <7>; };
	reg: regulator { phandle = <8>; };
	dev { clocks = <7 3>, <&clk 4>; vdd-supply = <8>; };
	bad { clocks = <99 1>; vdd-supply = <98>; };
};`;
    expect(edgesOf(dts)).toEqual([
      '/dev -> /clock clocks[0] (3) raw',
      '/dev -> /clock clocks[1] (4)',
      '/dev -> /regulator vdd-supply[0] raw',
    ]);
    expect(problemsOf(dts)).toEqual([
      '/bad:clocks[0] {"kind":"unknown-phandle","phandle":99}',
      '/bad:vdd-supply[0] {"kind":"unknown-phandle","phandle":98}',
    ]);
  });

  it('records a provider without its cells property, and a list that ends inside an entry', () => {
    const dts = `/dts-v1/;
/ {
	nocells: clock-a { };
	two: clock-b { #clock-cells = <2>; };
	nv: nvmem-cell { };
	dev1 { clocks = <&nocells &two 1 2>; };
	dev2 { clocks = <&two 1>; };
	dev3 { nvmem-cells = <&nv>; };
};`;
    expect(edgesOf(dts)).toEqual([
      '/dev1 -> /clock-a clocks[0]',
      '/dev2 -> /clock-b clocks[0] (1)',
      // #nvmem-cell-cells is optional: no finding.
      '/dev3 -> /nvmem-cell nvmem-cells[0]',
    ]);
    expect(problemsOf(dts)).toEqual([
      '/dev1:clocks[0] {"kind":"missing-cells","cells":"#clock-cells"}',
      '/dev2:clocks[0] {"kind":"too-short","cells":"#clock-cells","expected":2,"found":1}',
    ]);
  });

  it('reads iommu-map and msi-map as 4-cell entries', () => {
    const dts = `/dts-v1/;
/ {
	smmu: iommu { #iommu-cells = <1>; };
	its: msi-controller { msi-controller; #msi-cells = <1>; };
	pcie { iommu-map = <0 &smmu 0x100 0x10>, <0x100 &smmu 0x200 0x10>; msi-map = <0 &its 0 0x10000>; };
};`;
    expect(edgesOf(dts)).toEqual([
      '/pcie -> /iommu iommu-map[0] (256)',
      '/pcie -> /iommu iommu-map[1] (512)',
      '/pcie -> /msi-controller msi-map[0] (0)',
    ]);
  });

  it('adds the parent edge below the root, after the property edges', () => {
    const dts = `/dts-v1/;
/ {
	r: regulator { };
	bus { dev { vdd-supply = <&r>; }; };
};`;
    expect(extractEdges(treeOf(dts)).edges.map(edgeLine)).toEqual(['/bus/dev -> /regulator vdd-supply[0]', '/bus/dev -> /bus parent']);
  });
});

describe('bound properties', () => {
  it('lists every bound property in tree order, split once; interrupts beside interrupts-extended is not split', () => {
    const { bound } = extractEdges(
      treeOf(`/dts-v1/;
/ {
  gic: interrupt-controller { #interrupt-cells = <1>; interrupt-controller; };
  clk: clock { #clock-cells = <1>; };
  dev { interrupt-parent = <&gic>; interrupts = <5>; interrupts-extended = <&gic 6>; clocks = <&clk 2>, <&clk 3>; };
};`),
    );
    expect(bound.map((b) => `${nodePath(b.node)}:${b.property.name} ${b.split ? b.split.entries.length : '-'}`)).toEqual([
      '/dev:interrupt-parent 1',
      '/dev:interrupts -',
      '/dev:interrupts-extended 1',
      '/dev:clocks 2',
    ]);
  });
});
