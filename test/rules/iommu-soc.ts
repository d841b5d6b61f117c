/**
 * Small inline host trees for the IOMMU pair rules: a root compatible, IOMMU nodes and devices on
 * one simple-bus, and an empty guest. Devices are passed with `--pass` (no QEMU command line).
 */
import type { Files } from './pair-harness.js';

export interface SocSpec {
  /** Root compatibles, e.g. `"renesas,salvator-xs", "renesas,r8a77961"`. */
  root: string;
  /** Node text inside the bus (IOMMUs and devices), one node per string. */
  nodes: string[];
}

export function socFiles(spec: SocSpec): Files {
  const host = [
    '/dts-v1/;',
    '',
    '/ {',
    '\t#address-cells = <1>;',
    '\t#size-cells = <1>;',
    `\tcompatible = ${spec.root};`,
    '',
    '\tsoc {',
    '\t\tcompatible = "simple-bus";',
    '\t\t#address-cells = <1>;',
    '\t\t#size-cells = <1>;',
    '\t\tranges;',
    '',
    ...spec.nodes.map((n) => `\t\t${n}`),
    '\t};',
    '};',
    '',
  ].join('\n');
  const guest = '/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n};\n';
  return { 'host.dts': host, 'guest.dts': guest };
}
