/** pci_bridge (dtc): a `device_type = "pci"` node that is not named, sized or ranged as a PCI bridge. */
import { getProperty } from '../src/dts/query.js';
import { addrSizeCells, baseName, byteLength, cellsOf, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, nodeAddrCells, nodeSizeCells } from './support/dtc.js';
import { isPciBridge } from './support/dtc-buses.js';
import { deviceTypeIsString } from './device_type_is_string.js';

const messages = {
  nodeName: 'node name is not "pci" or "pcie"',
  missingRanges: 'missing ranges for PCI bridge (or not a bridge)',
  addressCells: 'incorrect #address-cells for PCI bridge',
  sizeCells: 'incorrect #size-cells for PCI bridge',
  busRangeLength: 'value must be 2 cells',
  busRangeOrder: '1st cell must be less than or equal to 2nd cell',
  busRangeMax: 'maximum bus number must be less than 256',
} as const;

/** dtc's check_pci_bridge: `WARNING(pci_bridge, check_pci_bridge, NULL, &device_type_is_string, &addr_size_cells)`. */
export const pciBridge = dtcCheck({
  name: 'pci_bridge',
  prerequisites: [deviceTypeIsString, addrSizeCells],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!isPciBridge(node)) return;
      const base = baseName(node);
      if (base !== 'pci' && base !== 'pcie') out.push({ node, messageId: 'nodeName' });
      if (!getProperty(node, 'ranges')) out.push({ node, messageId: 'missingRanges' });
      if (nodeAddrCells(node) !== 3) out.push({ node, messageId: 'addressCells' });
      if (nodeSizeCells(node) !== 2) out.push({ node, messageId: 'sizeCells' });
      const prop = getProperty(node, 'bus-range');
      if (!prop) return;
      if (byteLength(prop) !== 8) {
        out.push({ node, prop, messageId: 'busRangeLength' });
        return;
      }
      const [min, max] = cellsOf(prop) as [number, number];
      if (min > max) out.push({ node, prop, messageId: 'busRangeOrder' });
      if (max > 0xff) out.push({ node, prop, messageId: 'busRangeMax' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: pciBridge,
  summary: 'dtc: a PCI host bridge (device_type "pci") has the wrong name, cells, ranges or bus-range',
  w1Only: false,
  symptoms: ['the PCI host driver maps no windows or the wrong bus numbers; devices behind it are not found'],
});
