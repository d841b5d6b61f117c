/** unique_unit_address_if_enabled (dtc, kernel W=1): two enabled siblings with the same unit address. */
import { getProperty, nodePath, propertyStrings } from '../src/dts/query.js';
import type { Node, Tree } from '../src/dts/tree.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, ownCells, unitName } from './support/dtc.js';
import { avoidDefaultAddrSize } from './avoid_default_addr_size.js';

/** dtc's node_is_disabled: only the exact status "disabled" counts. */
function isDisabled(node: Node): boolean {
  const status = getProperty(node, 'status');
  return status !== undefined && propertyStrings(status)?.[0] === 'disabled';
}

const messages = { duplicate: 'duplicate unit-address (also used in node {{other}})' } as const;

/**
 * dtc's check_unique_unit_address_common: siblings with one unit address under a node with its own
 * #address-cells and #size-cells; `skipDisabled` leaves out nodes with status "disabled".
 */
export function duplicateUnitAddresses(tree: Tree, skipDisabled: boolean): DtcProblem<keyof typeof messages>[] {
  const out: DtcProblem<keyof typeof messages>[] = [];
  forEachNode(tree, (node) => {
    if (ownCells(node, '#address-cells') === -1 || ownCells(node, '#size-cells') === -1) return;
    const children = node.children.filter((c) => !c.generated);
    children.forEach((a, i) => {
      const unit = unitName(a);
      if (!unit || (skipDisabled && isDisabled(a))) return;
      // dtc reports the earlier sibling, naming the later one.
      for (const b of children.slice(0, i)) {
        if (!(skipDisabled && isDisabled(b)) && unitName(b) === unit) out.push({ node: b, messageId: 'duplicate', data: { other: nodePath(a) } });
      }
    });
  });
  return out;
}

/**
 * dtc's check_unique_unit_address_if_enabled:
 * `CHECK_ENTRY(unique_unit_address_if_enabled, ..., NULL, false, false, &avoid_default_addr_size)`.
 */
export const uniqueUnitAddressIfEnabled = dtcCheck({
  name: 'unique_unit_address_if_enabled',
  prerequisites: [avoidDefaultAddrSize],
  messages,
  problems: (tree) => duplicateUnitAddresses(tree, true),
});

export default defineDtcCheck({
  check: uniqueUnitAddressIfEnabled,
  summary: 'dtc (W=1): two enabled sibling nodes have the same unit address',
  w1Only: true,
  symptoms: ['two devices claim the same registers; the second fails to request its MMIO region'],
});
