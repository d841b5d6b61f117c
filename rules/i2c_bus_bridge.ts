/** i2c_bus_bridge (dtc): an I2C bus node (named i2c, i2c-bus, i2c-arb) with children but not #address-cells 1, #size-cells 0. */
import { addrSizeCells, defineDtcCheck, hasDtcChildren, dtcCheck, type DtcProblem, forEachNode, nodeAddrCells, nodeSizeCells } from './support/dtc.js';
import { isI2cBus } from './support/dtc-buses.js';

const messages = {
  addressCells: 'incorrect #address-cells for I2C bus',
  sizeCells: 'incorrect #size-cells for I2C bus',
} as const;

/** dtc's check_i2c_bus_bridge: `WARNING(i2c_bus_bridge, check_i2c_bus_bridge, NULL, &addr_size_cells)`. */
export const i2cBusBridge = dtcCheck({
  name: 'i2c_bus_bridge',
  prerequisites: [addrSizeCells],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!isI2cBus(node) || !hasDtcChildren(tree, node)) return;
      if (nodeAddrCells(node) !== 1) out.push({ node, messageId: 'addressCells' });
      if (nodeSizeCells(node) !== 0) out.push({ node, messageId: 'sizeCells' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: i2cBusBridge,
  summary: 'dtc: an I2C bus with children does not have #address-cells = <1> and #size-cells = <0>',
  w1Only: false,
  symptoms: ["of_i2c_register_devices() reads the children's reg with the wrong cell counts: devices get wrong addresses or none"],
});
