/** address_cells_is_cell (dtc): `#address-cells` is not a single cell. */
import { defineDtcCheck, addressCellsIsCell } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_CELL(address_cells_is_cell, "#address-cells")` (check_is_cell), no prerequisite; declared in support/dtc.ts, where addr_size_cells needs it. */
export default defineDtcCheck({
  check: addressCellsIsCell,
  summary: 'dtc: #address-cells is not a single cell',
  w1Only: false,
  symptoms: ['reg and ranges below the node cannot be read: the devices on the bus get no resources'],
});
