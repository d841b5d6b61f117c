/** unique_unit_address (dtc, kernel W=2): two sibling nodes with the same unit address, disabled ones included. */
import { defineDtcCheck, dtcCheck } from './support/dtc.js';
import { avoidDefaultAddrSize } from './avoid_default_addr_size.js';
import { duplicateUnitAddresses } from './unique_unit_address_if_enabled.js';

/** dtc's check_unique_unit_address: `WARNING(unique_unit_address, ..., NULL, &avoid_default_addr_size)`. */
export const uniqueUnitAddress = dtcCheck({
  name: 'unique_unit_address',
  prerequisites: [avoidDefaultAddrSize],
  messages: { duplicate: 'duplicate unit-address (also used in node {{other}})' },
  problems: (tree) => duplicateUnitAddresses(tree, false),
});

export default defineDtcCheck({
  check: uniqueUnitAddress,
  summary: 'dtc (W=2): two sibling nodes have the same unit address, disabled ones included',
  w1Only: false,
  w2Only: true,
  symptoms: ['when both are enabled, two devices claim the same registers; the second fails to request its MMIO region'],
});
