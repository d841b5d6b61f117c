/** unit_address_format (dtc): a unit address with a leading "0x" or leading zeros, off PCI and simple-bus. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, simpleBusBridge, unitName } from './support/dtc.js';
import { isPciBridge, isSimpleBus } from './support/dtc-buses.js';
import { nodeNameFormat } from './node_name_format.js';
import { pciBridge } from './pci_bridge.js';

const messages = {
  leading0x: 'unit name should not have leading "0x"',
  leadingZeros: 'unit name should not have leading 0s',
} as const;

/**
 * dtc's check_unit_address_format: `WARNING(unit_address_format, ..., NULL, &node_name_format,
 * &pci_bridge, &simple_bus_bridge)`. It skips a node whose parent has a bus; when it runs, only
 * pci_bridge and simple_bus_bridge have set buses (the I2C and SPI bridges run later), so an I2C or
 * SPI child's unit address is checked here too.
 */
export const unitAddressFormat = dtcCheck({
  name: 'unit_address_format',
  prerequisites: [nodeNameFormat, pciBridge, simpleBusBridge],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (node.parent && (isPciBridge(node.parent) || isSimpleBus(node.parent))) return;
      let unit = unitName(node);
      if (!unit) return;
      if (unit.startsWith('0x')) {
        out.push({ node, messageId: 'leading0x' });
        unit = unit.slice(2);
      }
      if (unit[0] === '0' && /^[0-9a-fA-F]$/.test(unit[1] ?? '')) out.push({ node, messageId: 'leadingZeros' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: unitAddressFormat,
  summary: 'dtc: a unit address starts with "0x" or with zeros',
  w1Only: false,
  symptoms: ['none at run time: the node name does not follow the unit-address convention and lookups by path miss it'],
});
