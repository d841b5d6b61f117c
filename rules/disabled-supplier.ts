/**
 * disabled-supplier: an enabled node needs a resource from a disabled node. fw_devlink does not link
 * a disabled supplier (of_link_to_phandle checks of_device_is_available), so the consumer is probed,
 * but its driver's get of the resource (clk_get, regulator_get, gpiod_get, reset_control_get,
 * of_irq_get, ...) finds no provider and returns -EPROBE_DEFER, for ever. Only the bindings whose
 * getters defer are checked: a disabled PHY gives -ENODEV (optional PHYs are skipped), a disabled
 * IOMMU or DMA controller leaves the device without one, and graph endpoints, panels and the like
 * are looked up by their users, not at probe. Two consumers are not blocked: a clock controller's
 * own `clocks` are its parents, which the clock framework resolves lazily (an orphan clock until the
 * parent appears), and CPU nodes are not probed devices (cpufreq and cpuidle just do without).
 */
import { getProperty, isEnabled, nodePath, propertyStrings } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { defineRule } from '../src/lint/rule.js';
import type { DependencyEdge } from '../src/graph/edges.js';
import { dependencyGraphOf, nodeHead } from './support/graph.js';

/** Binding ids (src/graph/bindings.ts) whose resource getter defers while the provider is missing. */
const DEFERRING: ReadonlyMap<string, string> = new Map([
  ['clocks', 'a clock'],
  ['interconnects', 'an interconnect path'],
  ['mboxes', 'a mailbox channel'],
  ['io-channels', 'an IIO channel'],
  ['io-backends', 'an IIO backend'],
  ['power-domains', 'a power domain'],
  ['hwlocks', 'a hwspinlock'],
  ['extcon', 'an extcon device'],
  ['nvmem-cells', 'an nvmem cell'],
  ['pinctrl-N', 'a pin controller'],
  ['pwms', 'a PWM'],
  ['resets', 'a reset line'],
  ['gpios', 'a GPIO'],
  ['gpio', 'a GPIO'],
  ['*-gpio', 'a GPIO'],
  ['*-gpios', 'a GPIO'],
  ['*-supply', 'a regulator'],
  ['interrupts', 'an interrupt controller'],
  ['interrupts-extended', 'an interrupt controller'],
]);

function isCpu(node: Node): boolean {
  const type = getProperty(node, 'device_type');
  return type !== undefined && propertyStrings(type)?.[0] === 'cpu';
}

export default defineRule({
  id: 'disabled-supplier',
  level: 'warning',
  scope: 'source',
  summary: 'An enabled node depends on a disabled one: it will never probe',
  symptoms: ['the device never appears: its probe is deferred for ever (see /sys/kernel/debug/devices_deferred)'],
  messages: {
    disabled:
      '{{property}}[{{index}}] names {{supplier}}, which is disabled: {{consumer}} never probes (its driver waits for {{resource}} that never appears)',
    ancestorDisabled:
      '{{property}}[{{index}}] names {{supplier}}, which sits under the disabled {{ancestor}}: {{consumer}} never probes (its driver waits for {{resource}} that never appears)',
  },
  check(ctx) {
    const tree = ctx.tree!;
    if (tree.plugin) return;
    const dg = dependencyGraphOf(tree);
    const seen = new Set<string>();
    // The first ancestor (or the node itself) whose `status` disables it, if any; each node's
    // answer once: a board's edges ask about the same few hundred nodes and their ancestors
    // thousands of times.
    const offs = new Map<Node, Node | undefined>();
    const disabled = (node: Node): Node | undefined => {
      if (offs.has(node)) return offs.get(node);
      const off = !isEnabled(node) ? node : node.parent ? disabled(node.parent) : undefined;
      offs.set(node, off);
      return off;
    };
    for (const edge of dg.edges) {
      const resource = DEFERRING.get(edge.binding.id);
      if (resource === undefined) continue;
      if (edge.consumer.generated || disabled(edge.consumer) || isCpu(edge.consumer)) continue;
      if (edge.binding.id === 'clocks' && getProperty(edge.consumer, '#clock-cells')) continue;
      const off = disabled(edge.supplier);
      if (!off) continue;
      const key = `${dg.paths.get(edge.consumer)}\0${edge.property}\0${dg.paths.get(edge.supplier)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(edge, off, resource);
    }

    function report(edge: DependencyEdge, off: Node, resource: string): void {
      const status = getProperty(off, 'status');
      const related = [
        status
          ? { message: `${nodePath(off)} is disabled here`, at: status.at }
          : { message: `${nodePath(off)} is defined here`, at: nodeHead(off, ctx.sources) },
      ];
      const data = {
        property: edge.property,
        index: edge.index,
        supplier: nodePath(edge.supplier),
        consumer: nodePath(edge.consumer),
        resource,
      };
      const subject = `${nodePath(edge.consumer)}:${edge.property}`;
      if (off === edge.supplier) ctx.report({ at: edge.at, messageId: 'disabled', data, related, subject });
      else ctx.report({ at: edge.at, messageId: 'ancestorDisabled', data: { ...data, ancestor: nodePath(off) }, related, subject });
    }
  },
});
