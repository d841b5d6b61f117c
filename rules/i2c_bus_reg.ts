/** i2c_bus_reg (dtc): an I2C device without reg, with a unit address not its reg, or with an address too large. */
import { getProperty } from '../src/dts/query.js';
import { cellsOf, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';
import { isI2cBus } from './support/dtc-buses.js';
import { i2cBusBridge } from './i2c_bus_bridge.js';
import { regFormat } from './reg_format.js';

/** include/dt-bindings/i2c/i2c.h: flags in a reg cell. */
const I2C_OWN_SLAVE_ADDRESS = 1 << 30;
const I2C_TEN_BIT_ADDRESS = 0x80000000;

const messages = {
  missingReg: 'missing or empty reg property',
  unitAddress: 'I2C bus unit address format error, expected "{{expected}}"',
  tenBit: 'I2C address must be less than 10-bits, got "0x{{address}}"',
  sevenBit: 'I2C address must be less than 7-bits, got "0x{{address}}". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property',
} as const;

/**
 * dtc's check_i2c_bus_reg: `WARNING(i2c_bus_reg, check_i2c_bus_reg, NULL, &reg_format, &i2c_bus_bridge)`.
 * As dtc 1.6.1 does, an address with I2C_TEN_BIT_ADDRESS that fits 10 bits still gets the 7-bit
 * message (its `else if (reg > 0x7f)` sees the flag).
 */
export const i2cBusReg = dtcCheck({
  name: 'i2c_bus_reg',
  prerequisites: [regFormat, i2cBusBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!node.parent || !isI2cBus(node.parent)) return;
      const prop = getProperty(node, 'reg');
      const cells = prop ? cellsOf(prop) : [];
      if (!prop || cells.length === 0) {
        out.push({ node, messageId: 'missingReg' });
        return;
      }
      const expected = ((cells[0]! & ~I2C_OWN_SLAVE_ADDRESS) >>> 0).toString(16);
      if (unitName(node) !== expected) out.push({ node, messageId: 'unitAddress', data: { expected } });
      for (const cell of cells) {
        const reg = (cell & ~I2C_OWN_SLAVE_ADDRESS) >>> 0;
        const address = reg.toString(16);
        if ((reg & I2C_TEN_BIT_ADDRESS) !== 0 && (reg & ~I2C_TEN_BIT_ADDRESS) >>> 0 > 0x3ff) out.push({ node, prop, messageId: 'tenBit', data: { address } });
        else if (reg > 0x7f) out.push({ node, prop, messageId: 'sevenBit', data: { address } });
      }
    });
    return out;
  },
});

export default defineDtcCheck({
  check: i2cBusReg,
  summary: 'dtc: an I2C device has no reg, a unit address that is not its reg, or an address wider than 7 (10) bits',
  w1Only: false,
  symptoms: ['of_i2c_get_board_info() rejects the address or the device answers at another one: the driver never probes'],
});
