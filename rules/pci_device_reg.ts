/** pci_device_reg (dtc): a PCI device's reg is not a config-space address, or its unit address is not DEV[,FN]. */
import { getProperty } from '../src/dts/query.js';
import { cellsOf, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';
import { onPciBus } from './support/dtc-buses.js';
import { pciBridge } from './pci_bridge.js';
import { regFormat } from './reg_format.js';

const messages = {
  highCells: 'PCI reg config space address cells 2 and 3 must be 0',
  notConfigSpace: 'PCI reg address is not configuration space',
  registerNumber: 'PCI reg config space address register number must be 0',
  unitAddress: 'PCI unit address format error, expected "{{expected}}"',
} as const;

/** dtc's check_pci_device_reg: `WARNING(pci_device_reg, check_pci_device_reg, NULL, &reg_format, &pci_bridge)`. */
export const pciDeviceReg = dtcCheck({
  name: 'pci_device_reg',
  prerequisites: [regFormat, pciBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!onPciBus(node)) return;
      const prop = getProperty(node, 'reg');
      if (!prop) return;
      // reg_format passed: whole (3 + 2)-cell entries.
      const [reg, mid, low] = cellsOf(prop) as [number, number, number];
      if (mid !== 0 || low !== 0) out.push({ node, prop, messageId: 'highCells' });
      const dev = (reg & 0xf800) >>> 11;
      const func = (reg & 0x700) >>> 8;
      if ((reg & 0xff000000) !== 0) out.push({ node, prop, messageId: 'notConfigSpace' });
      if ((reg & 0xff) !== 0) out.push({ node, prop, messageId: 'registerNumber' });
      const unit = unitName(node);
      if (func === 0 && unit === dev.toString(16)) return;
      const expected = `${dev.toString(16)},${func.toString(16)}`;
      if (unit !== expected) out.push({ node, messageId: 'unitAddress', data: { expected } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: pciDeviceReg,
  summary: "dtc: a PCI device's reg is not a config-space address, or its unit address is not DEV[,FN] of it",
  w1Only: false,
  symptoms: ['of_pci_find_child_device() does not match the node to the device found on the bus: the driver gets no DT properties'],
});
