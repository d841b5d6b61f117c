/** spi_bus_bridge (dtc): an SPI bus with the wrong cells, or an SPI bus (guessed from spi-* properties) not named spi. */
import { getProperty } from '../src/dts/query.js';
import { addrSizeCells, baseName, defineDtcCheck, hasDtcChildren, dtcCheck, type DtcProblem, forEachNode, nodeAddrCells, nodeSizeCells } from './support/dtc.js';
import { isSpiBusByChildren } from './support/dtc-buses.js';

const messages = {
  nodeName: "node name for SPI buses should be 'spi'",
  addressCells: 'incorrect #address-cells for SPI bus',
  sizeCells: 'incorrect #size-cells for SPI bus',
} as const;

/** dtc's check_spi_bus_bridge: `WARNING(spi_bus_bridge, check_spi_bus_bridge, NULL, &addr_size_cells)`. */
export const spiBusBridge = dtcCheck({
  name: 'spi_bus_bridge',
  prerequisites: [addrSizeCells],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (baseName(node) !== 'spi') {
        if (!isSpiBusByChildren(node)) return;
        if (getProperty(node, 'reg')) out.push({ node, messageId: 'nodeName' });
      }
      if (!hasDtcChildren(tree, node)) return;
      const addressCells = getProperty(node, 'spi-slave') ? 0 : 1;
      if (nodeAddrCells(node) !== addressCells) out.push({ node, messageId: 'addressCells' });
      if (nodeSizeCells(node) !== 0) out.push({ node, messageId: 'sizeCells' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: spiBusBridge,
  summary: 'dtc: an SPI bus with children does not have #address-cells = <1> (<0> for spi-slave) and #size-cells = <0>, or is not named spi',
  w1Only: false,
  symptoms: ["of_register_spi_devices() reads the children's chip selects with the wrong cell counts: devices get wrong chip selects or none"],
});
