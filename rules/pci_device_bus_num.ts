/** pci_device_bus_num (dtc): a PCI device's bus number (from reg) outside its bridge's bus-range. */
import { getProperty } from '../src/dts/query.js';
import { cellsOf, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';
import { onPciBus } from './support/dtc-buses.js';
import { pciBridge } from './pci_bridge.js';
import { regFormat } from './reg_format.js';

const messages = { outOfRange: 'PCI bus number {{bus}} out of range, expected ({{min}} - {{max}})' } as const;

/**
 * dtc's check_pci_device_bus_num: `WARNING(pci_device_bus_num, ..., NULL, &reg_format, &pci_bridge)`.
 * dtc 1.6.1 reads both ends of the range from bus-range's first cell, and names the bridge's
 * bus-range (at its place) after the device's path; without bus-range the range is 0 - 0.
 */
export const pciDeviceBusNum = dtcCheck({
  name: 'pci_device_bus_num',
  prerequisites: [regFormat, pciBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!onPciBus(node)) return;
      const reg = getProperty(node, 'reg');
      if (!reg) return;
      const bus = ((cellsOf(reg)[0] ?? 0) & 0x00ff0000) >>> 16;
      const range = getProperty(node.parent!, 'bus-range');
      const min = range ? (cellsOf(range)[0] ?? 0) : 0;
      const max = min;
      if (bus < min || bus > max) {
        const data = { bus, min, max };
        out.push(range ? { node, prop: range, messageId: 'outOfRange', data } : { node, messageId: 'outOfRange', data });
      }
    });
    return out;
  },
});

export default defineDtcCheck({
  check: pciDeviceBusNum,
  summary: "dtc: a PCI device's bus number is outside its host bridge's bus-range",
  w1Only: false,
  symptoms: ['the node describes a device on a bus the bridge never scans: it gets no DT properties'],
});
