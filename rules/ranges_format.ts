/** ranges_format (dtc): `ranges` is not whole <child address, parent address, size> entries. */
import { getProperty, nodePath } from '../src/dts/query.js';
import { addrSizeCells, byteLength, defineDtcCheck, dtcCheck, type DtcCheck, type DtcProblem, forEachNode, isMultipleOf, nodeAddrCells, nodeSizeCells } from './support/dtc.js';

/** dtc's messages of check_ranges_format, for `ranges` or `dma-ranges` (its `c->data`). */
function rangesMessages(ranges: string) {
  return {
    rootRanges: `Root node has a "${ranges}" property`,
    emptyAddressCells: `empty "${ranges}" property but its #address-cells ({{childCells}}) differs from {{parent}} ({{parentCells}})`,
    emptySizeCells: `empty "${ranges}" property but its #size-cells ({{childCells}}) differs from {{parent}} ({{parentCells}})`,
    length:
      `"${ranges}" property has invalid length ({{length}} bytes) (parent #address-cells == {{parentAddressCells}}, ` +
      'child #address-cells == {{childAddressCells}}, #size-cells == {{childSizeCells}})',
  } as const;
}

/** dtc's check_ranges_format over the property `ranges` names (ranges_format, dma_ranges_format). */
export function rangesFormatCheck(name: string, ranges: string): DtcCheck {
  const messages = rangesMessages(ranges);
  return dtcCheck({
    name,
    prerequisites: [addrSizeCells],
    messages,
    problems(tree) {
      const out: DtcProblem<keyof typeof messages>[] = [];
      forEachNode(tree, (node) => {
        const prop = getProperty(node, ranges);
        if (!prop) return;
        if (!node.parent) {
          out.push({ node, prop, messageId: 'rootRanges' });
          return;
        }
        const parentAddressCells = nodeAddrCells(node.parent);
        const parentSizeCells = nodeSizeCells(node.parent);
        const childAddressCells = nodeAddrCells(node);
        const childSizeCells = nodeSizeCells(node);
        const length = byteLength(prop);
        const parent = nodePath(node.parent);
        if (length === 0) {
          if (parentAddressCells !== childAddressCells) {
            out.push({ node, prop, messageId: 'emptyAddressCells', data: { childCells: childAddressCells, parent, parentCells: parentAddressCells } });
          }
          if (parentSizeCells !== childSizeCells) {
            out.push({ node, prop, messageId: 'emptySizeCells', data: { childCells: childSizeCells, parent, parentCells: parentSizeCells } });
          }
        } else if (!isMultipleOf(length, (parentAddressCells + childAddressCells + childSizeCells) * 4)) {
          out.push({ node, prop, messageId: 'length', data: { length, parentAddressCells, childAddressCells, childSizeCells } });
        }
      });
      return out;
    },
  });
}

/** dtc's `WARNING(ranges_format, check_ranges_format, "ranges", &addr_size_cells)`. */
export const rangesFormat = rangesFormatCheck('ranges_format', 'ranges');

export default defineDtcCheck({
  check: rangesFormat,
  summary: 'dtc: ranges is not whole <child address, parent address, size> entries',
  w1Only: false,
  symptoms: ['the devices under the bus get wrong CPU addresses, or none'],
});
