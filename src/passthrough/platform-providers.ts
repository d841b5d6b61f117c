/**
 * What kind of provider a node is, as far as a passthrough cares: the interrupt controller (QEMU's
 * virtual GIC in the guest), the i.MX SCU (a guest reaches the firmware through an MU of its own),
 * firmware reached by SMC/HVC (which KVM does not forward to the host's firmware), and the device a
 * node belongs to (fixed clocks and regulators, without `reg`, belong to none: pure description).
 */
import { getProperty, compatibles } from '../dts/query.js';
import type { Node } from '../dts/tree.js';

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

export const SCU_COMPATIBLE = 'fsl,imx-scu';

/**
 * Firmware services called with SMC or HVC: the ZynqMP/Versal PM firmware (EEMI, zynqmp.c
 * `zynqmp_firmware_probe`, `do_fw_call_smc`/`do_fw_call_hvc`) and SCMI over the SMC transport
 * (arm_scmi/transports/smc.c). In a KVM guest both instructions trap to the host's
 * `kvm_smccc_call_handler` (arch/arm64/kvm/hypercalls.c), which answers every SiP/OEM function id it
 * does not implement with SMCCC_RET_NOT_SUPPORTED unless the VMM installed an SMCCC filter (QEMU 7.2
 * installs none).
 */
const SMC_FIRMWARE_COMPATIBLES = new Set(['xlnx,zynqmp-firmware', 'xlnx,versal-firmware', 'arm,scmi-smc', 'arm,scmi-smc-param', 'qcom,scmi-smc']);

/** An Arm GIC (the interrupt controller QEMU's virt machine gives every guest). */
export function isGic(node: Node): boolean {
  return getProperty(node, 'interrupt-controller') !== undefined && compatibles(node).some((c) => GIC_COMPATIBLES.has(c));
}

/** The GIC architecture version a GIC node implements (2 or 3; GICv4 uses the v3 binding). */
export function gicVersionOf(node: Node): 2 | 3 | undefined {
  if (!isGic(node)) return undefined;
  return compatibles(node).includes('arm,gic-v3') ? 3 : 2;
}

/** The `fsl,imx-scu` node the node is, or lies in. */
export function scuOf(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (compatibles(n).includes(SCU_COMPATIBLE)) return n;
  return undefined;
}

/** The SMC/HVC firmware node the node is, or lies in (SMC_FIRMWARE_COMPATIBLES). */
export function smcFirmwareOf(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (compatibles(n).some((c) => SMC_FIRMWARE_COMPATIBLES.has(c))) return n;
  return undefined;
}

/**
 * The device a node belongs to: the node itself or its nearest ancestor with both `compatible` and
 * `reg` (a pin group belongs to its pin controller, an nvmem cell to its OTP controller). Nodes under
 * /reserved-memory describe memory and those under /cpus processors, not platform devices.
 */
export function deviceOf(node: Node): Node | undefined {
  let found: Node | undefined;
  for (let n: Node | null = node; n && n.parent; n = n.parent) {
    if (n.parent.parent === null && (n.name === 'reserved-memory' || n.name === 'cpus')) return undefined;
    if (!found && getProperty(n, 'reg') !== undefined && getProperty(n, 'compatible') !== undefined) found = n;
  }
  return found;
}
