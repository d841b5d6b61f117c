/** interrupt_provider (dtc): an interrupt controller or nexus without #interrupt-cells or #address-cells. */
import { getProperty } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

/** dtc's node_is_interrupt_provider: `interrupt-controller` or `interrupt-map`. */
export function isInterruptProvider(node: Node): boolean {
  return getProperty(node, 'interrupt-controller') !== undefined || getProperty(node, 'interrupt-map') !== undefined;
}

/**
 * Linux reads a controller's #address-cells only for the parent unit address of interrupt-map
 * entries that name it (of_irq_parse_imap_parent, 0 when absent): a plain controller without it works.
 */
const NO_ADDRESS_CELLS_SYMPTOM = 'none for a controller no interrupt-map names (Linux takes 0 #address-cells)';

const messages = {
  noInterruptCells: 'Missing #interrupt-cells in interrupt provider',
  noAddressCells: 'Missing #address-cells in interrupt provider',
} as const;

/**
 * dtc 1.6.1's check_interrupt_provider: `WARNING(interrupt_provider, ..., NULL)`, no prerequisite.
 * 1.6.1 asks every provider for #address-cells (later dtc asks only an interrupt-map's parents).
 */
export const interruptProvider = dtcCheck({
  name: 'interrupt_provider',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (!isInterruptProvider(node)) return;
      if (!getProperty(node, '#interrupt-cells')) out.push({ node, messageId: 'noInterruptCells' });
      if (!getProperty(node, '#address-cells')) out.push({ node, messageId: 'noAddressCells', symptom: NO_ADDRESS_CELLS_SYMPTOM });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: interruptProvider,
  summary: 'dtc: an interrupt controller (interrupt-controller or interrupt-map) without #interrupt-cells or #address-cells',
  w1Only: false,
  symptoms: ["consumers' interrupts cannot be read: the driver gets no IRQ", NO_ADDRESS_CELLS_SYMPTOM],
});
