/** spi_bus_reg (dtc): an SPI device without reg, or with a unit address that is not its chip select. */
import { getProperty } from '../src/dts/query.js';
import { cellsOf, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';
import { isSpiBus } from './support/dtc-buses.js';
import { regFormat } from './reg_format.js';
import { spiBusBridge } from './spi_bus_bridge.js';

const messages = {
  missingReg: 'missing or empty reg property',
  unitAddress: 'SPI bus unit address format error, expected "{{expected}}"',
} as const;

/** dtc's check_spi_bus_reg: `WARNING(spi_bus_reg, check_spi_bus_reg, NULL, &reg_format, &spi_bus_bridge)`; not under a spi-slave bus. */
export const spiBusReg = dtcCheck({
  name: 'spi_bus_reg',
  prerequisites: [regFormat, spiBusBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      const parent = node.parent;
      if (!parent || !isSpiBus(parent) || getProperty(parent, 'spi-slave')) return;
      const prop = getProperty(node, 'reg');
      const cells = prop ? cellsOf(prop) : [];
      if (cells.length === 0) {
        out.push({ node, messageId: 'missingReg' });
        return;
      }
      const expected = cells[0]!.toString(16);
      if (unitName(node) !== expected) out.push({ node, messageId: 'unitAddress', data: { expected } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: spiBusReg,
  summary: 'dtc: an SPI device has no reg, or a unit address that is not its chip select',
  w1Only: false,
  symptoms: ['of_register_spi_device() refuses a device without reg: it is never created'],
});
