/** dma_ranges_format (dtc): `dma-ranges` is not whole <child address, parent address, size> entries. */
import { defineDtcCheck } from './support/dtc.js';
import { rangesFormatCheck } from './ranges_format.js';

/** dtc's `WARNING(dma_ranges_format, check_ranges_format, "dma-ranges", &addr_size_cells)`. */
export const dmaRangesFormat = rangesFormatCheck('dma_ranges_format', 'dma-ranges');

export default defineDtcCheck({
  check: dmaRangesFormat,
  summary: 'dtc: dma-ranges is not whole <child address, parent address, size> entries',
  w1Only: false,
  symptoms: ['devices under the bus get a wrong DMA offset or limit, or none (of_dma_get_range)'],
});
