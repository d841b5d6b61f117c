/** reg_format (dtc): `reg` is not whole entries of the parent's #address-cells + #size-cells. */
import { getProperty } from '../src/dts/query.js';
import { addrSizeCells, byteLength, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, isMultipleOf, nodeAddrCells, nodeSizeCells } from './support/dtc.js';

const messages = {
  rootReg: 'Root node has a "reg" property',
  empty: 'property is empty',
  length: 'property has invalid length ({{length}} bytes) (#address-cells == {{addressCells}}, #size-cells == {{sizeCells}})',
} as const;

/** dtc's check_reg_format: `WARNING(reg_format, check_reg_format, NULL, &addr_size_cells)`. */
export const regFormat = dtcCheck({
  name: 'reg_format',
  prerequisites: [addrSizeCells],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      const prop = getProperty(node, 'reg');
      if (!prop) return;
      if (!node.parent) {
        out.push({ node, messageId: 'rootReg' });
        return;
      }
      const length = byteLength(prop);
      if (length === 0) out.push({ node, prop, messageId: 'empty' });
      const addressCells = nodeAddrCells(node.parent);
      const sizeCells = nodeSizeCells(node.parent);
      if (!isMultipleOf(length, (addressCells + sizeCells) * 4)) out.push({ node, prop, messageId: 'length', data: { length, addressCells, sizeCells } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: regFormat,
  summary: "dtc: reg is not whole entries of the parent's #address-cells and #size-cells",
  w1Only: false,
  symptoms: ['the device gets the wrong MMIO address or size, or none'],
});
