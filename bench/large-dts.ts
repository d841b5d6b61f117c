/**
 * Generated large devicetrees (issue 18: "a generated 50 MB DTS and a 10,000-node dependency graph
 * run in time and memory linear in their size"). One board of `nodes` devices under a simple-bus,
 * (in buses of 1,000), each a clock provider that consumes two others: its predecessor (a phandle chain through every
 * node, as deep as the file is long) and the node at half its index (fan-out: node k feeds nodes 2k
 * and 2k+1). So the dependency closure of the last node is every device, reached both along the
 * chain and down a binary tree. Interrupts go through a GIC with the kernel's macros, defined at the
 * top so that cpp has work to do as it has on a real board; the file is one text, no includes.
 */

/** Bytes of one device node, about (the figure depends on the index's digits). */
export const BYTES_PER_NODE = 300;

export function nodesForBytes(bytes: number): number {
  return Math.max(2, Math.round(bytes / BYTES_PER_NODE));
}

/** The label of device `i` (1-based); `deps` on deviceLabel(n) walks the whole graph. */
export function deviceLabel(i: number): string {
  return `d${i}`;
}

const HEADER = `/dts-v1/;

#define GIC_SPI 0
#define IRQ_TYPE_LEVEL_HIGH 4
#define ACME_CLK(n) ((n) % 4)

/ {
\tcompatible = "acme,large";
\tmodel = "Generated large board";
\t#address-cells = <2>;
\t#size-cells = <2>;
\tinterrupt-parent = <&gic>;

\tgic: interrupt-controller@8000000 {
\t\tcompatible = "arm,gic-v3";
\t\treg = <0x0 0x08000000 0x0 0x10000>, <0x0 0x080a0000 0x0 0xf60000>;
\t\tinterrupt-controller;
\t\t#interrupt-cells = <3>;
\t};

\td0: osc {
\t\tcompatible = "fixed-clock";
\t\t#clock-cells = <1>;
\t\tclock-frequency = <24000000>;
\t};

\tsoc {
\t\tcompatible = "simple-bus";
\t\t#address-cells = <2>;
\t\t#size-cells = <2>;
\t\tranges;

`;

const FOOTER = `\t};
};
`;

/** The text of device `i` (1-based). */
function device(i: number): string {
  const addr = `0x${(0x10000000 + i * 0x1000).toString(16)}`;
  const high = `0x${Math.floor((0x10000000 + i * 0x1000) / 2 ** 32).toString(16)}`;
  const low = `0x${((0x10000000 + i * 0x1000) % 2 ** 32).toString(16)}`;
  return (
    `\t\t${deviceLabel(i)}: clock-controller@${addr.slice(2)} {\n` +
    `\t\t\tcompatible = "acme,gen-clk";\n` +
    `\t\t\treg = <${high} ${low} 0x0 0x1000>;\n` +
    `\t\t\tinterrupts = <GIC_SPI ${i % 960} IRQ_TYPE_LEVEL_HIGH>;\n` +
    `\t\t\t#clock-cells = <1>;\n` +
    `\t\t\tclocks = <&${deviceLabel(i - 1)} ACME_CLK(${i})>, <&${deviceLabel(i >> 1)} 1>;\n` +
    `\t\t\tclock-names = "prev", "half";\n` +
    `\t\t\tclock-output-names = "gen${i}";\n` +
    `\t\t};\n\n`
  );
}

/** A board of `nodes` devices, as chunks (a 50 MB text is written without one 50 MB string of parts). */
export function* largeDts(nodes: number): Generator<string> {
  yield HEADER;
  let chunk = '';
  for (let i = 1; i <= nodes; i++) {
    if (i % PER_BUS === 1) chunk += `\t\tbus@${i / PER_BUS | 0} {\n\t\t\tcompatible = "simple-bus";\n\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n\t\t\tranges;\n\n`;
    chunk += device(i);
    if (i % PER_BUS === 0 || i === nodes) chunk += '\t\t};\n\n';
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + FOOTER;
}

/**
 * Devices per bus node: dtc's parser (bison, right-recursive subnode lists, a 10,000-deep stack)
 * fails with "memory exhausted" on a node of more than ~10,000 children.
 */
const PER_BUS = 1000;
