/**
 * interrupt-parent: the interrupt parent a node's `interrupts` go to is not an interrupt controller
 * (or one without `#interrupt-cells`), names no node, or is missing; or `interrupts` does not fit the parent's `#interrupt-cells`.
 * The parent is found as Linux's of_irq_find_parent does (src/graph/split.ts). A bad
 * `interrupt-parent` property is reported once, where it is written, with the nodes that inherit it
 * as related locations (dtc's interrupts_property reports it once per consumer). A parent that is no
 * controller but from which Linux walks on to one (a QEMU dump's CPU node) is a warning: wrong for dtc
 * and any reader that takes interrupt-parent as written, but Linux still maps the interrupts. This
 * rule is the only one that reports it, for a passthrough guest too (interrupt-mismatch does not).
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { getProperty, nodePath, walk } from '../src/dts/query.js';
import type { Node, Property } from '../src/dts/tree.js';
import { defineRule } from '../src/lint/rule.js';
import { cellTarget, findInterruptParent } from '../src/graph/split.js';
import { cellNumber, propertyCells, readU32 } from '../src/graph/tree-access.js';
import { listPaths, nodeHead, splitContextOf } from './support/graph.js';
import { hex } from '../src/dts/message-text.js';

/** dtc's node_is_interrupt_provider. */
function isInterruptProvider(node: Node): boolean {
  return getProperty(node, 'interrupt-controller') !== undefined || getProperty(node, 'interrupt-map') !== undefined;
}

/**
 * The first `interrupt-parent` property Linux reads for a node's `interrupts`: its own, else its
 * parent's, and so on until an ancestor that is itself an interrupt parent (`#interrupt-cells`).
 */
function governingInterruptParent(node: Node): { holder: Node; property: Property } | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const property = getProperty(n, 'interrupt-parent');
    if (property) return { holder: n, property };
    if (!n.parent || getProperty(n.parent, '#interrupt-cells')) return undefined;
  }
  return undefined;
}

interface Consumer {
  node: Node;
  interrupts: Property;
}

export default defineRule({
  id: 'interrupt-parent',
  level: 'error',
  scope: 'source',
  summary: 'The (inherited) interrupt parent is not an interrupt controller, or interrupts do not fit its #interrupt-cells',
  symptoms: ['the device gets no interrupts', 'the driver fails to probe: its IRQ cannot be mapped'],
  // A parent that is no controller but from which Linux walks on to one: wrong, yet not lost on Linux.
  softMessages: ['notControllerFallback'],
  messages: {
    unknownParent: 'interrupt-parent = <{{phandle}}> names no node: the interrupts of {{consumers}} go nowhere',
    notController:
      'interrupt-parent names {{target}}, which is not an interrupt controller (no interrupt-controller or interrupt-map): the interrupts of {{consumers}} cannot be delivered',
    notControllerFallback:
      'interrupt-parent names {{target}}, which is not an interrupt controller (no interrupt-controller or interrupt-map): Linux walks on up from {{target}} (of_irq_find_parent) and still maps the interrupts of {{consumers}} at {{controller}}, but dtc warns and software that reads interrupt-parent as written finds no controller; point it at {{fix}}',
    ancestorNotController:
      'the interrupt parent of {{node}} is its ancestor {{target}} (it has #interrupt-cells), which is not an interrupt controller (no interrupt-controller or interrupt-map)',
    noCells:
      'interrupt-parent names {{target}}, an interrupt controller without #interrupt-cells: Linux passes over it (of_irq_find_parent walks on to the next node that has #interrupt-cells), so the interrupts of {{consumers}} never reach {{target}}',
    noParent: '{{node}} has interrupts but no interrupt parent: no interrupt-parent in it or its ancestors',
    cellCount:
      'interrupts has {{count}} cell(s), not a multiple of #interrupt-cells = <{{cells}}> of its interrupt parent {{controller}}',
  },
  check(ctx) {
    const tree = ctx.tree!;
    if (tree.plugin) return;
    const split = splitContextOf(tree);
    // interrupt-parent properties in tree order, with the nodes whose interrupts they govern.
    const governed = new Map<Property, { holder: Node; consumers: Consumer[] }>();

    walk(tree, (node) => {
      const interrupts = getProperty(node, 'interrupts');
      // of_irq_parse_one reads interrupts-extended first and then ignores interrupts.
      if (!interrupts || getProperty(node, 'interrupts-extended')) return;
      const cells = propertyCells(interrupts);
      if (!cells || cells.length === 0) return;

      const governing = governingInterruptParent(node);
      if (governing) {
        const target = targetOf(governing.property);
        if (!target || !isInterruptProvider(target) || !getProperty(target, '#interrupt-cells')) {
          let entry = governed.get(governing.property);
          if (!entry) governed.set(governing.property, (entry = { holder: governing.holder, consumers: [] }));
          entry.consumers.push({ node, interrupts });
          // Past a node that is no controller Linux walks on up; check the count against what it reaches.
          if (!target || isInterruptProvider(target)) return;
        }
      }

      const found = findInterruptParent(node, split);
      const controller = found.parent;
      if (!controller) {
        if (!governing) ctx.report({ at: interrupts.at, messageId: 'noParent', data: { node: nodePath(node) }, subject: interruptsSubject(node) });
        return;
      }
      if (!governing && !isInterruptProvider(controller) && controller !== node) {
        ctx.report({
          at: interrupts.at,
          messageId: 'ancestorNotController',
          data: { node: nodePath(node), target: nodePath(controller) },
          related: [{ message: `${nodePath(controller)} is defined here`, at: nodeHead(controller, ctx.sources) }],
          subject: interruptsSubject(node),
        });
        return;
      }
      const size = readU32(controller, '#interrupt-cells');
      if (size !== undefined && size > 0 && cells.length % size !== 0) {
        const prop = getProperty(controller, '#interrupt-cells')!;
        ctx.report({
          at: interrupts.at,
          messageId: 'cellCount',
          data: { count: cells.length, cells: size, controller: nodePath(controller) },
          related: [{ message: `#interrupt-cells of ${nodePath(controller)}`, at: prop.at }],
          subject: interruptsSubject(node),
        });
      }
    });

    for (const [property, { holder, consumers }] of governed) {
      const nodes = consumers.map((c) => c.node);
      const related: RelatedLocation[] = consumers.map((c) => ({
        message: `${nodePath(c.node)} takes its interrupts from here`,
        at: c.interrupts.at,
      }));
      const subject = `${nodePath(holder)}:interrupt-parent`;
      const target = targetOf(property);
      if (!target) {
        const first = propertyCells(property)?.[0];
        const phandle = first ? hex(cellNumber(first)) : '';
        ctx.report({ at: property.at, messageId: 'unknownParent', data: { phandle, consumers: listPaths(nodes) }, related, subject });
        continue;
      }
      related.unshift({ message: `${nodePath(target)} is defined here`, at: nodeHead(target, ctx.sources) });
      if (isInterruptProvider(target)) {
        ctx.report({ at: property.at, messageId: 'noCells', data: { target: nodePath(target), consumers: listPaths(nodes) }, related, subject });
        continue;
      }
      // Linux's of_irq_find_parent goes on from a node without #interrupt-cells to its parents.
      const fallback = getProperty(target, '#interrupt-cells') ? undefined : findInterruptParent(target, split).parent;
      if (fallback && isInterruptProvider(fallback)) {
        ctx.report({
          at: property.at,
          messageId: 'notControllerFallback',
          data: {
            target: nodePath(target),
            consumers: listPaths(nodes),
            controller: nodePath(fallback),
            fix: fallback.phandle !== undefined ? `${nodePath(fallback)} (phandle ${hex(fallback.phandle)})` : nodePath(fallback),
          },
          related,
          subject,
        });
      } else {
        ctx.report({ at: property.at, messageId: 'notController', data: { target: nodePath(target), consumers: listPaths(nodes) }, related, subject });
      }
    }

    function targetOf(property: Property): Node | undefined {
      const first = propertyCells(property)?.[0];
      return first ? cellTarget(first, split).node : undefined;
    }
  },
});

/** The finding's subject for a node's `interrupts`, made only when one is reported. */
function interruptsSubject(node: Node): string {
  return `${nodePath(node)}:interrupts`;
}
