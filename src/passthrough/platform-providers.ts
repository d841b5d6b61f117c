/**
 * Suppliers a guest has of its own, so that a passed device's dependency on them need not be
 * passed: the interrupt controller (QEMU's virtual GIC), the guest's own SCU node and what lives in
 * it (power domains, SCU clocks, pin controller, OCOTP), and fixed clocks and regulators (pure
 * description, copied into the guest).
 */
import { getProperty } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { compatibles } from './imx-partition.js';

const GIC_COMPATIBLES = new Set([
  'arm,gic-v3',
  'arm,gic-400',
  'arm,cortex-a15-gic',
  'arm,cortex-a9-gic',
  'arm,cortex-a7-gic',
  'arm,arm11mp-gic',
  'arm,arm1176jzf-devchip-gic',
  'arm,pl390',
  'qcom,msm-qgic2',
]);

const FIXED_COMPATIBLES = new Set(['fixed-clock', 'fixed-factor-clock', 'regulator-fixed']);

export const SCU_COMPATIBLE = 'fsl,imx-scu';

/** An Arm GIC (the interrupt controller QEMU's virt machine gives every guest). */
export function isGic(node: Node): boolean {
  return getProperty(node, 'interrupt-controller') !== undefined && compatibles(node).some((c) => GIC_COMPATIBLES.has(c));
}

/** The GIC architecture version a GIC node implements (2 or 3; GICv4 uses the v3 binding). */
export function gicVersionOf(node: Node): 2 | 3 | undefined {
  if (!isGic(node)) return undefined;
  return compatibles(node).includes('arm,gic-v3') ? 3 : 2;
}

/** A fixed clock or regulator: description only, the guest can carry its own copy. */
export function isFixedSupplier(node: Node): boolean {
  return compatibles(node).some((c) => FIXED_COMPATIBLES.has(c));
}

/** The `fsl,imx-scu` node the node is, or lies in. */
export function scuOf(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (compatibles(n).includes(SCU_COMPATIBLE)) return n;
  return undefined;
}

/**
 * The node of `scu` (a guest SCU) that plays the part `hostNode` plays under `hostScu`: matched
 * level by level from the SCU down, by node name or first compatible, or by a shared label.
 */
export function scuCounterpart(hostScu: Node, hostNode: Node, scu: Node): Node | undefined {
  const path: Node[] = [];
  for (let n: Node | null = hostNode; n && n !== hostScu; n = n.parent) path.unshift(n);
  let at = scu;
  for (const step of path) {
    const first = compatibles(step)[0];
    const next =
      at.children.find((c) => c.name === step.name) ??
      (first !== undefined ? at.children.find((c) => compatibles(c)[0] === first) : undefined) ??
      at.children.find((c) => c.labels.some((l) => step.labels.some((s) => s.name === l.name)));
    if (!next) return undefined;
    at = next;
  }
  return at;
}
