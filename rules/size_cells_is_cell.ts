/** size_cells_is_cell (dtc): `#size-cells` is not a single cell. */
import { defineDtcCheck, sizeCellsIsCell } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_CELL(size_cells_is_cell, "#size-cells")` (check_is_cell), no prerequisite; declared in support/dtc.ts, where addr_size_cells needs it. */
export default defineDtcCheck({
  check: sizeCellsIsCell,
  summary: 'dtc: #size-cells is not a single cell',
  w1Only: false,
  symptoms: ['reg and ranges below the node cannot be read: the devices on the bus get no resources'],
});
