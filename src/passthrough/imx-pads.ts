/**
 * Pin groups of the i.MX 8 SCU pin controller (`fsl,imx8qm-iomuxc` and its 8QXP/8DXL siblings):
 * `fsl,pins` is a list of (pad id, mux mode, config) triples. The pinfunc macros
 * (IMX8QM_ENET0_MDC_CONN_ENET0_MDC) expand to "pad mux", so a written line is pinfunc + config.
 * A group takes effect only through an enabled node's `pinctrl-N` (Linux drivers/pinctrl/freescale/
 * pinctrl-scu.c; the SCU firmware refuses pads the partition does not own).
 */
import type { Diagnostic } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import { derivedOf, type Node, type Property, type Tree } from '../dts/tree.js';
import { getProperty, isEnabled, nodePath, walk, compatibles } from '../dts/query.js';
import { cellNumber, phandleTable, propertyCells } from '../graph/tree-access.js';
import { cellTarget } from '../graph/split.js';
import { nameOf, type DefineNames } from './imx-partition.js';

const PINCTRL_N = /^pinctrl-[0-9]+$/;

export const IMX8_SCU_IOMUXC_COMPATIBLES: readonly string[] = ['fsl,imx8qm-iomuxc', 'fsl,imx8qxp-iomuxc', 'fsl,imx8dxl-iomuxc'];

export interface PinEntry {
  pad: number;
  mux: number;
  config: number;
  /** The pad cell (for macro text: the use site, with the expansion chain). */
  at: Location;
  /** The pad's IMX8QM_* name, when the header is known. */
  name?: string;
}

export interface PinGroupUser {
  node: Node;
  /** The `pinctrl-N` property that names the group. */
  property: Property;
  /** The phandle cell. */
  at: Location;
  enabled: boolean;
}

export interface PinGroup {
  node: Node;
  path: string;
  iomuxc: Node;
  property: Property;
  pins: PinEntry[];
  /** Nodes whose `pinctrl-N` names this group, in tree order. */
  users: PinGroupUser[];
}

export interface PinGroupsResult {
  groups: PinGroup[];
  problems: Diagnostic[];
}

const CODE = 'imx-pads';

const PIN_GROUPS = Symbol('i.MX SCU pin groups');

/**
 * Every `fsl,pins` group under an SCU iomuxc node, in tree order, with its users. Read once per
 * tree and header (pinctrl-pad-not-assigned and pair-input both ask); the result is only read.
 */
export function imxPinGroups(tree: Tree, padNames?: DefineNames, iomuxcCompatibles: readonly string[] = IMX8_SCU_IOMUXC_COMPATIBLES): PinGroupsResult {
  if (iomuxcCompatibles !== IMX8_SCU_IOMUXC_COMPATIBLES) return readPinGroups(tree, padNames, iomuxcCompatibles);
  const byNames = derivedOf(tree, PIN_GROUPS, () => new Map<DefineNames | undefined, PinGroupsResult>());
  let result = byNames.get(padNames);
  if (!result) byNames.set(padNames, (result = readPinGroups(tree, padNames, iomuxcCompatibles)));
  return result;
}

function readPinGroups(tree: Tree, padNames: DefineNames | undefined, iomuxcCompatibles: readonly string[]): PinGroupsResult {
  const problems: Diagnostic[] = [];
  const groups: PinGroup[] = [];
  walk(tree.root, (iomuxc) => {
    if (!compatibles(iomuxc).some((c) => iomuxcCompatibles.includes(c))) return;
    for (const child of iomuxc.children) {
      walk(child, (node) => {
        const property = getProperty(node, 'fsl,pins');
        if (property) groups.push({ node, path: nodePath(node), iomuxc, property, pins: decodePins(node, property, padNames, problems), users: [] });
      });
    }
  });
  attachUsers(tree, groups);
  return { groups, problems };
}

function decodePins(node: Node, property: Property, padNames: DefineNames | undefined, problems: Diagnostic[]): PinEntry[] {
  const cells = propertyCells(property);
  const what = `${nodePath(node)}:fsl,pins`;
  if (!cells) {
    problems.push({ code: CODE, severity: 'error', message: `${what} is not a list of 32-bit cells`, at: property.at });
    return [];
  }
  if (cells.length % 3 !== 0) {
    problems.push({
      code: CODE,
      severity: 'error',
      message: `${what} has ${cells.length} cells, not a multiple of 3 (pad, mux, config)`,
      at: property.at,
    });
  }
  const pins: PinEntry[] = [];
  for (let i = 0; i + 2 < cells.length; i += 3) {
    const pad = cells[i]!;
    const entry: PinEntry = { pad: cellNumber(pad), mux: cellNumber(cells[i + 1]!), config: cellNumber(cells[i + 2]!), at: pad.at };
    const name = nameOf(padNames, entry.pad);
    if (name !== undefined) entry.name = name;
    else if (padNames) problems.push({ code: CODE, severity: 'warning', message: `${what}: pad ${entry.pad} is not defined in ${padNames.file ?? 'the header'}`, at: pad.at });
    pins.push(entry);
  }
  return pins;
}

function attachUsers(tree: Tree, groups: PinGroup[]): void {
  if (groups.length === 0) return;
  const byNode = new Map(groups.map((g) => [g.node, g]));
  const ctx = { phandles: phandleTable(tree) };
  walk(tree.root, (node) => {
    const properties = node.properties;
    for (let i = 0; i < properties.length; i++) {
      const property = properties[i]!;
      // startsWith first: the regex would run on every property of the tree.
      if (!property.name.startsWith('pinctrl-') || !PINCTRL_N.test(property.name)) continue;
      for (const cell of propertyCells(property) ?? []) {
        const target = cellTarget(cell, ctx).node;
        const group = target ? byNode.get(target) : undefined;
        if (group) group.users.push({ node, property, at: cell.at, enabled: isEnabled(node) });
      }
    }
  });
}
