/**
 * Which GIC QEMU 7.2's virt machine gives a KVM guest, from `-M virt,gic-version=...` and what the
 * host's GIC node lets KVM emulate, or the message QEMU exits with.
 *
 * Host side (Linux 6.12):
 * - irq-gic.c (GICv2: arm,gic-400, arm,cortex-a15-gic, ...) gic_of_setup_kvm_info hands KVM the
 *   maintenance interrupt (`interrupts` entry 0), GICH (`reg` entry 2) and GICV (`reg` entry 3); it
 *   hands nothing when one is missing. gic_of_init calls it for the first GIC only, and only when
 *   gic_check_eoimode kept split EOI/deactivate (a GICC region under 8 KiB turns it off unless the
 *   hardware and irqchip.gicv2_force_probe say otherwise). vgic-v2.c vgic_v2_probe then registers
 *   the VGICv2 device only.
 * - irq-gic-v3.c gic_of_setup_kvm_info hands the maintenance interrupt and, when present, GICV at
 *   `reg` entry #redistributor-regions + 3 (after GICD, the GICRs, GICC, GICH). vgic-v3.c
 *   vgic_v3_probe always registers VGICv3 and VGICv2 too only with a page-aligned GICV and a CPU
 *   interface that can do MMIO (ICH_VTR_EL2, hardware: dtlint cannot see it).
 * - irq-apple-aic.c aic_of_ic_init (Apple M1/M2: no GIC) hands KVM GICv3 information without GICV:
 *   a vGICv3 only.
 * - vgic-init.c kvm_vgic_hyp_init: without that information (no maintenance interrupt, no GICH/GICV
 *   on a GICv2) KVM has no vGIC (arm.c: vgic_present false, KVM_CAP_IRQCHIP 0).
 *
 * QEMU 7.2 side: target/arm/kvm.c kvm_arm_vgic_probe creates each vGIC device as a test; hw/arm/virt.c
 * finalize_gic_version resolves host/max/absent and exits for a version KVM lacks; without an
 * in-kernel irqchip (kernel-irqchip=off, or KVM_CAP_IRQCHIP 0: accel/kvm/kvm-all.c kvm_irqchip_create
 * then leaves it off) it emulates a GICv2 in userspace; machvirt_init caps a GICv2 at 8 vCPUs.
 */
import type { Location } from '../dts/location.js';
import { compatibles, getProperty, nodePath, propertyStrings, walk, isEnabled } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { regEntries } from '../graph/address.js';
import { bindingById } from '../graph/bindings.js';
import { findInterruptParent, splitList } from '../graph/split.js';
import { readU32 } from '../graph/tree-access.js';
import type { PairSide } from './pair.js';
import { gicVersionOf, isGic } from './platform-providers.js';
import type { GicVersion, QemuArgs } from './qemu-args.js';

/** GIC_NCPU (include/hw/intc/arm_gic_common.h): the vCPUs a GICv2 serves. */
export const GICV2_MAX_CPUS = 8;

/** What KVM can emulate on the host's GIC: `maybe` where hardware dtlint cannot see decides. */
export interface HostVgic {
  node: Node;
  version: 2 | 3;
  /** KVM registers no vGIC at all (kvm_vgic_hyp_init has no GIC information): why. */
  none?: string;
  v2: boolean | 'maybe';
  v3: boolean;
  /** Why v2 is false or maybe. */
  v2Why?: string;
  /** Where the cause is written (the GIC's reg or compatible). */
  at: Location;
  /** The controller in messages, when it is not a GIC ("the host's Apple AIC"). */
  controller?: string;
}

/**
 * Apple's AIC (irq-apple-aic.c, IRQCHIP_DECLARE for both): aic_of_ic_init hands KVM a `vgic_info` of
 * type GIC_V3 with no GICV region (and its maintenance interrupt when the kernel runs at EL2), so
 * vgic_v3_probe registers the vGICv3 device only ("GICv3: no GICV resource entry").
 */
const APPLE_AIC = ['apple,aic', 'apple,aic2'];

export type HostGicView = { known: true; vgic: HostVgic } | { known: false; reason: string; node?: Node; at?: Location };

export type GicOutcome =
  /**
   * QEMU runs and gives the guest this GIC; `userspace`: emulated by QEMU, because the command line
   * turns the in-kernel irqchip off (`chosen`) or KVM has no vGIC on the host's GIC (`no-vgic`).
   */
  | { kind: 'runs'; version: 2 | 3; how: string; userspace: false | 'chosen' | 'no-vgic' }
  /** QEMU exits with `message`; `host` the host GIC when the exit follows from it. */
  | { kind: 'exits'; message: string; why: string; fix: string; host?: { node: Node; at: Location } }
  /** dtlint cannot tell what QEMU does: why. */
  | { kind: 'unknown'; reason: string; node?: Node; at?: Location };

/** The requested gic-version as written, for messages. */
export function gicVersionText(version: GicVersion | undefined): string {
  return version === undefined ? 'no gic-version' : `gic-version=${version}`;
}

/**
 * The host GIC KVM works with: the enabled GIC that is its own interrupt parent (of_irq_init
 * initialises it first: the one gic_of_init hands to KVM). Unknown when the host tree has none, only
 * disabled ones, or a root interrupt controller dtlint does not know.
 */
export function hostGic(side: PairSide): HostGicView {
  const roots: Node[] = [];
  const disabled: Node[] = [];
  walk(side.tree.root, (n) => {
    if (!isGic(n)) return;
    if (!isEnabled(n)) {
      disabled.push(n);
      return;
    }
    const parent = findInterruptParent(n, side.split);
    if (!parent.parent || parent.parent === n) roots.push(n);
  });
  if (roots.length === 0) {
    if (disabled.length > 0) {
      const status = getProperty(disabled[0]!, 'status');
      const value = status ? (propertyStrings(status)?.[0] ?? '?') : '?';
      const view: HostGicView = { known: false, reason: `the host's GIC ${nodePath(disabled[0]!)} has status "${value}"`, node: disabled[0]! };
      if (status) view.at = status.at;
      return view;
    }
    const aic = appleAic(side);
    if (aic) return aic;
    const top = findInterruptParent(side.tree.root, side.split).parent;
    if (top) {
      const compatible = compatibles(top);
      const view: HostGicView = {
        known: false,
        reason: `the host's root interrupt controller ${nodePath(top)} is ${compatible.length > 0 ? compatible.map((c) => `"${c}"`).join(', ') : 'without compatible'}, not a GIC compatible dtlint knows`,
        node: top,
      };
      const at = getProperty(top, 'compatible')?.at;
      if (at) view.at = at;
      return view;
    }
    return { known: false, reason: 'the host tree has no GIC node' };
  }
  if (roots.length > 1) return { known: false, reason: `the host tree has ${roots.length} root GICs (${roots.map(nodePath).join(', ')})`, node: roots[0]! };
  const gic = roots[0]!;
  return readVgic(gic, side);
}

/** The enabled Apple AIC interrupt controller of the tree (of_irq_init initialises it), as KVM sees it. */
function appleAic(side: PairSide): HostGicView | undefined {
  let found: HostGicView | undefined;
  walk(side.tree.root, (n) => {
    if (found) return false;
    const aic = compatibles(n).find((c) => APPLE_AIC.includes(c));
    const compatibleAt = getProperty(n, 'compatible')?.at;
    if (aic === undefined || !compatibleAt || !getProperty(n, 'interrupt-controller') || !isEnabled(n)) return;
    const v2Why = `the host's interrupt controller ${nodePath(n)} is Apple's AIC ("${aic}"): aic_of_ic_init gives KVM GICv3 information without a GICV region, so vgic_v3_probe registers no GICv2 device`;
    found = { known: true, vgic: { node: n, version: 3, v2: false, v3: true, v2Why, at: compatibleAt, controller: "the host's Apple AIC" } };
  });
  return found;
}

function readVgic(gic: Node, side: PairSide): HostGicView {
  const version = gicVersionOf(gic)!;
  const reg = regEntries(gic);
  const compatibleAt = getProperty(gic, 'compatible')!.at;
  if ('reason' in reg) return { known: false, reason: `dtlint cannot read the host GIC's reg (${reg.reason})`, node: gic, at: compatibleAt };
  const regAt = getProperty(gic, 'reg')!.at;
  const base = { node: gic, version, at: regAt };
  if (!hasMaintenanceIrq(gic, side)) {
    const none = `the host's GIC ${nodePath(gic)} has no maintenance interrupt (its interrupts entry 0), so gic_of_setup_kvm_info gives KVM nothing and KVM has no vGIC`;
    return { known: true, vgic: { ...base, at: compatibleAt, none, v2: false, v3: false } };
  }
  if (version === 2) {
    if (reg.length < 4) {
      const none = `the host's GICv2 ${nodePath(gic)} has ${reg.length} reg entries, no ${reg.length < 3 ? 'GICH and GICV' : 'GICV'} region (entries 2 and 3), so gic_of_setup_kvm_info gives KVM nothing and KVM has no vGIC`;
      return { known: true, vgic: { ...base, none, v2: false, v3: false } };
    }
    if (reg[1]!.size < 0x2000n) {
      return {
        known: false,
        reason: `the host GIC's GICC region is ${reg[1]!.size} bytes, under 8 KiB: whether KVM gets a vGIC depends on the hardware and irqchip.gicv2_force_probe (irq-gic.c gic_check_eoimode)`,
        node: gic,
        at: reg[1]!.at,
      };
    }
    return { known: true, vgic: { ...base, v2: true, v3: false, v2Why: '' } };
  }
  const redists = readU32(gic, '#redistributor-regions') ?? 1;
  const gicv = reg[redists + 3];
  if (!gicv) {
    const v2Why = `the host's GICv3 ${nodePath(gic)} has ${reg.length} reg ${reg.length === 1 ? 'entry' : 'entries'}, no GICV region (entry ${redists + 3}, after GICD, ${redists === 1 ? 'the GICR' : `${redists} GICR regions`}, GICC and GICH), so vgic_v3_probe registers no GICv2 device`;
    return { known: true, vgic: { ...base, v2: false, v3: true, v2Why } };
  }
  if (gicv.address % 0x1000n !== 0n) {
    const v2Why = `the GICV region of the host's GICv3 ${nodePath(gic)} is not page-aligned, so vgic_v3_probe registers no GICv2 device ("GICV physical address ... not page aligned")`;
    return { known: true, vgic: { ...base, at: gicv.at, v2: false, v3: true, v2Why } };
  }
  const v2Why = 'the host GICv3 has a GICV region, but vgic_v3_probe registers the GICv2 device only when the CPU interface can do MMIO access (ICH_VTR_EL2, which dtlint cannot see)';
  return { known: true, vgic: { ...base, v2: 'maybe', v3: true, v2Why } };
}

/** irq_of_parse_and_map(node, 0): the GIC's first interrupts entry, parsed against itself. */
function hasMaintenanceIrq(gic: Node, side: PairSide): boolean {
  const extended = getProperty(gic, 'interrupts-extended');
  const prop = extended ?? getProperty(gic, 'interrupts');
  if (!prop) return false;
  const first = splitList(gic, prop, bindingById(extended ? 'interrupts-extended' : 'interrupts')!, side.split).entries[0];
  return first !== undefined && !first.problem && !first.empty;
}

/**
 * The vCPUs QEMU may run (ms->smp.max_cpus, hw/core/machine-smp.c machine_parse_smp_config): maxcpus,
 * else cpus, else the product of the topology; 1 without -smp.
 */
export function maxCpus(args: QemuArgs): number {
  const props = args.smp?.props ?? {};
  const num = (key: string): number | undefined => {
    const v = props[key];
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  };
  const max = num('maxcpus') ?? num('cpus');
  if (max !== undefined) return max;
  let product = 1;
  for (const key of ['sockets', 'dies', 'clusters', 'cores', 'threads']) product *= num(key) ?? 1;
  return product;
}

/** Whether QEMU runs with KVM: an accelerator list that names kvm, or none at all (the setup dtlint models). */
function usesKvm(args: QemuArgs): boolean {
  return args.accelerators.length === 0 || args.accelerators[0]!.name === 'kvm';
}

/** The kernel-irqchip setting: -accel kvm,kernel-irqchip=... over the -M sugar property. */
function kernelIrqchip(args: QemuArgs): string | undefined {
  const kvm = args.accelerators.find((a) => a.name === 'kvm');
  return kvm?.props['kernel-irqchip'] ?? args.machine?.props['kernel-irqchip'] ?? args.machine?.props['kernel_irqchip'];
}

/**
 * What hw/arm/virt.c finalize_gic_version (and machvirt_init's vCPU cap) makes of the request on this
 * host with KVM. Undefined when there is nothing to resolve: no -M, a gic-version QEMU's parser
 * refuses (the qemu-args finding), another accelerator than KVM, kernel-irqchip=split.
 */
export function resolveGic(args: QemuArgs, host: PairSide): GicOutcome | undefined {
  if (!args.machine || !usesKvm(args)) return undefined;
  if (args.machine.props['gic-version'] !== undefined && args.gicVersion === undefined) return undefined;
  const requested = args.gicVersion;
  const irqchip = kernelIrqchip(args);
  if (irqchip === 'split') return undefined;
  const cpus = maxCpus(args);
  if (irqchip === 'off' || irqchip === 'no' || irqchip === 'false') return capped(userspace(requested, 'kernel-irqchip=off', 'chosen'), cpus);

  const view = hostGic(host);
  const outcome = withHost(requested, view, cpus);
  if (outcome.kind === 'exits' && view.known) outcome.host = { node: view.vgic.node, at: view.vgic.at };
  return outcome;
}

function withHost(requested: GicVersion | undefined, view: HostGicView, cpus: number): GicOutcome {
  if (requested === 4) {
    if (view.known && view.vgic.none) return { kind: 'exits', message: 'gic-version=4 is not supported with kernel-irqchip=off', why: `${view.vgic.none}, and QEMU's GICv2 in userspace is the only GIC it can give without one`, fix: 'use gic-version=2 (QEMU emulates the GICv2 in userspace) and a guest DT with a GICv2' };
    const fix = view.known ? `use gic-version=${view.vgic.v3 ? 3 : 2} (what the host's GIC lets KVM emulate) and a guest DT with that GIC` : 'use gic-version=3 or 2, whichever the host GIC lets KVM emulate';
    return { kind: 'exits', message: 'gic-version=4 is not supported with KVM', why: 'QEMU 7.2 emulates a GICv4 only without KVM', fix };
  }
  if (!view.known) {
    const out: GicOutcome = { kind: 'unknown', reason: view.reason };
    if (view.node) out.node = view.node;
    if (view.at) out.at = view.at;
    return out;
  }
  const vgic = view.vgic;
  if (vgic.none) {
    if (requested === 3) return { kind: 'exits', message: 'gic-version=3 is not supported with kernel-irqchip=off', why: `${vgic.none} (KVM_CAP_IRQCHIP is 0, so QEMU runs without an in-kernel irqchip)`, fix: 'give the host GIC node its maintenance interrupt and KVM regions, or use gic-version=2 (QEMU emulates the GICv2 in userspace) and a guest DT with a GICv2' };
    return capped(userspace(requested, vgic.none, 'no-vgic'), cpus);
  }
  const v2 = vgic.v2;
  switch (requested) {
    case 'host':
    case 'max':
      if (vgic.v3) return { kind: 'runs', version: 3, how: `gic-version=${requested} resolves to 3: KVM has a vGICv3 on ${vgic.controller ?? "the host's GICv3"}`, userspace: false };
      return capped({ kind: 'runs', version: 2, how: `gic-version=${requested} resolves to 2: KVM has only a vGICv2 on the host's GICv2`, userspace: false }, cpus);
    case undefined:
      if (cpus <= GICV2_MAX_CPUS && v2 === true) return capped({ kind: 'runs', version: 2, how: 'without gic-version QEMU picks 2: KVM has a vGICv2 and at most 8 vCPUs are asked for', userspace: false }, cpus);
      if (cpus <= GICV2_MAX_CPUS && v2 === 'maybe') return { kind: 'unknown', reason: `without gic-version QEMU picks GICv2 when KVM has one: ${vgic.v2Why}`, node: vgic.node, at: vgic.at };
      if (vgic.v3) return { kind: 'runs', version: 3, how: `without gic-version QEMU picks 3: ${cpus > GICV2_MAX_CPUS ? `${cpus} vCPUs are more than a GICv2 serves` : 'KVM has no vGICv2'}`, userspace: false };
      return { kind: 'exits', message: 'host only supports in-kernel GICv2 emulation but more than 8 vcpus are requested', why: `the host's GIC is a GICv2 and -smp asks for ${cpus} vCPUs`, fix: 'run at most 8 vCPUs' };
    case 2:
      if (v2 === true) return capped({ kind: 'runs', version: 2, how: 'gic-version=2: KVM has a vGICv2', userspace: false }, cpus);
      // The GICV region is there: the DT is right, and what remains is hardware dtlint cannot see.
      if (v2 === 'maybe') return capped({ kind: 'runs', version: 2, how: 'gic-version=2: KVM has a vGICv2 if the GICv3 CPU interface can do MMIO access', userspace: false }, cpus);
      return { kind: 'exits', message: 'host does not support in-kernel GICv2 emulation', why: vgic.v2Why ?? '', fix: 'use gic-version=3 (or host) and a guest DT with a GICv3 (the QEMU gic-version=3 dump)' };
    case 3:
      if (vgic.v3) return { kind: 'runs', version: 3, how: 'gic-version=3: KVM has a vGICv3', userspace: false };
      return {
        kind: 'exits',
        message: 'host does not support in-kernel GICv3 emulation',
        why: `the host's GIC ${nodePath(vgic.node)} is a GICv2 (${compatibles(vgic.node)[0] ?? 'GICv2'}): it has no GICv3 CPU interface, so vgic_v2_probe registers only the GICv2 device`,
        fix: 'use gic-version=2 (or host) and a guest DT with a GICv2 (the QEMU gic-version=2 dump)',
      };
  }
}

/** finalize_gic_version without an in-kernel irqchip: a GICv2 in userspace, or an exit for 3 and 4. */
function userspace(requested: GicVersion | undefined, why: string, cause: 'chosen' | 'no-vgic'): GicOutcome {
  if (requested === 3 || requested === 4) {
    return { kind: 'exits', message: `gic-version=${requested} is not supported with kernel-irqchip=off`, why, fix: 'use gic-version=2 and a guest DT with a GICv2' };
  }
  if (requested === 'host') {
    // finalize_gic_version warns "... Using v2 ..." but returns with the version still 'host', which
    // create_gic takes for a GICv3: gicv3_class_name exits under KVM without an in-kernel irqchip.
    return {
      kind: 'exits',
      message: 'Userspace GICv3 is not supported with KVM',
      why: `${why}; QEMU 7.2 warns "gic-version=host not relevant with kernel-irqchip=off as only userspace GICv2 is supported. Using v2 ..." but keeps gic-version=host, which create_gic builds as a GICv3`,
      fix: 'use gic-version=2 (QEMU emulates the GICv2 in userspace) and a guest DT with a GICv2',
    };
  }
  return { kind: 'runs', version: 2, how: `${gicVersionText(requested)} without an in-kernel irqchip (${why}): QEMU emulates a GICv2 in userspace`, userspace: cause };
}

/** machvirt_init: a GICv2 machine takes at most GIC_NCPU vCPUs. */
function capped(outcome: GicOutcome, cpus: number): GicOutcome {
  if (outcome.kind !== 'runs' || outcome.version !== 2 || cpus <= GICV2_MAX_CPUS) return outcome;
  return {
    kind: 'exits',
    message: `Number of SMP CPUs requested (${cpus}) exceeds max CPUs supported by machine 'mach-virt' (${GICV2_MAX_CPUS})`,
    why: `${outcome.how}, and a GICv2 serves at most ${GICV2_MAX_CPUS} vCPUs`,
    fix: `run at most ${GICV2_MAX_CPUS} vCPUs`,
  };
}
