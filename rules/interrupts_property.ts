/** interrupts_property (dtc): `interrupts` without a usable interrupt parent, or not a multiple of its #interrupt-cells. */
import { getProperty } from '../src/dts/query.js';
import type { Node, Property } from '../src/dts/tree.js';
import { cellTarget } from '../src/graph/split.js';
import { splitContextOf } from '../src/graph/derived.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { byteLength, defineDtcCheck, dtcCheck, type DtcProblem, firstWord, forEachNode } from './support/dtc.js';
import { isInterruptProvider } from './interrupt_provider.js';

const messages = {
  sizeInvalid: 'size ({{size}}) is invalid, expected multiple of 4',
  invalidPhandle: 'Invalid phandle',
  badPhandle: 'Bad phandle',
  notProvider: 'Missing interrupt-controller or interrupt-map property',
  noParent: 'Missing interrupt-parent',
  sizeNotMultiple: 'size is ({{size}}), expected multiple of {{multiple}}',
} as const;

type Message = keyof typeof messages;

/**
 * dtc reports a bad interrupt-parent once per node whose interrupts go through it; a report about
 * another node's property points at this node's `interrupts`, so each stays its own finding.
 */
function inherited(node: Node, interrupts: Property, p: DtcProblem<Message>): DtcProblem<Message> {
  return p.node === node ? p : { ...p, at: interrupts.at };
}

/**
 * dtc's check_interrupts_property: `WARNING(interrupts_property, check_interrupts_property,
 * &phandle_references)`, where `&phandle_references` is the check's data, not a prerequisite.
 * dtc's walk is its own (not Linux's of_irq_find_parent): up from the node to the first ancestor that
 * is an interrupt provider or the first `interrupt-parent`. Each consumer reports what it finds, so a
 * parent that is no controller is reported once per node that reaches it, at that parent.
 */
export const interruptsProperty = dtcCheck({
  name: 'interrupts_property',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<Message>[] = [];
    const split = splitContextOf(tree);
    forEachNode(tree, (node) => {
      const irqProp = getProperty(node, 'interrupts');
      if (!irqProp) return;
      const len = byteLength(irqProp);
      if (len % 4 !== 0) out.push({ node, prop: irqProp, messageId: 'sizeInvalid', data: { size: len } });

      let irqNode: Node | undefined;
      let prop: Property | undefined;
      for (let parent: Node | null = node; parent && !prop; parent = parent.parent) {
        if (parent !== node && isInterruptProvider(parent)) {
          irqNode = parent;
          break;
        }
        prop = getProperty(parent, 'interrupt-parent');
        if (!prop) continue;
        const phandle = firstWord(prop);
        if (phandle === 0 || phandle === 0xffffffff) {
          // An overlay's reference to its base: dtc gives up.
          if (tree.plugin) return;
          out.push(inherited(node, irqProp, { node: parent, prop, messageId: 'invalidPhandle' }));
          break;
        }
        const first = propertyCells(prop)?.[0];
        irqNode = first ? cellTarget(first, split).node : split.phandles.get(phandle);
        if (!irqNode) {
          out.push(inherited(node, irqProp, { node: parent, prop, messageId: 'badPhandle' }));
          return;
        }
        if (!isInterruptProvider(irqNode)) out.push({ node: irqNode, messageId: 'notProvider', at: irqProp.at });
        break;
      }
      if (!irqNode) {
        out.push({ node, messageId: 'noParent' });
        return;
      }
      // A provider without #interrupt-cells is interrupt_provider's.
      const cellsProp = getProperty(irqNode, '#interrupt-cells');
      if (!cellsProp) return;
      const multiple = ((firstWord(cellsProp) | 0) * 4) | 0;
      const fits = multiple === 0 ? len === 0 : len % multiple === 0;
      // The finding names the consumer and the parent's #interrupt-cells, as dtc's FAIL_PROP does.
      if (!fits) out.push({ node, prop: cellsProp, messageId: 'sizeNotMultiple', data: { size: len, multiple } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: interruptsProperty,
  summary: "dtc: interrupts without an interrupt parent that is a controller, or not a multiple of the parent's #interrupt-cells",
  w1Only: false,
  symptoms: ['the device gets no interrupts', 'the driver fails to probe: its IRQ cannot be mapped'],
});
