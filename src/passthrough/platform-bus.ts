/**
 * QEMU `virt`'s dynamic platform bus: where each `-device vfio-platform` lands in guest physical
 * memory and which SPIs it gets. Computed the way QEMU computes it, so that the guest DT can be
 * checked against what QEMU will really present.
 *
 * Facts, read from QEMU's sources (the code is ours):
 * - hw/arm/virt.c: memmap VIRT_PLATFORM_BUS = { 0x0c000000, 0x02000000 }, irqmap VIRT_PLATFORM_BUS = 112,
 *   PLATFORM_BUS_NUM_IRQS = 64. A dynamic sysbus device is linked to the bus when it is plugged
 *   (virt_machine_device_plug_cb -> platform_bus_link_device), i.e. in device creation order.
 * - hw/core/platform-bus.c platform_bus_link_device: first every IRQ of the device
 *   (platform_bus_map_irq: the first free bus IRQ line; none left -> "Platform Bus: Can not fit IRQ
 *   line", exit), then every MMIO region in order (platform_bus_map_mmio: alignment = size rounded up
 *   to a power of two; offsets 0, align, 2*align, ... below the bus size; the first offset where
 *   [off, off+size) meets no region already mapped wins; none -> "Platform Bus: Can not fit MMIO
 *   region of size %x", exit). QEMU stops at the first failure: later devices are never placed.
 *   The loop bounds only the start offset, so a region may run past the end of the bus; QEMU maps it
 *   anyway and the part beyond the window is clipped (we flag it `truncated`).
 * - hw/vfio/platform.c + hw/vfio/region.c: one sysbus MMIO region per VFIO region, of exactly the
 *   size the kernel reports; one sysbus IRQ per VFIO IRQ index. Linux's vfio-platform
 *   (drivers/vfio/platform/vfio_platform_common.c) reports one region per `reg` entry with
 *   resource_size() — no rounding to the page size; a region whose address or size is not page
 *   aligned only loses the mmap fast path (accesses trap to QEMU). One IRQ per interrupt of the node.
 * - Guest SPI: bus IRQ line n is GIC SPI (firstSpi + n); the guest DT writes `<GIC_SPI spi type>`.
 * - Trigger type: see guestTriggerFor below.
 * - Not only vfio devices take slots: every device of virt's allow list
 *   (virt_machine_class_init, machine_class_allow_dynamic_sysbus_dev) is linked the same way, in
 *   creation order. Their footprints: see QEMU_SYSBUS_FOOTPRINTS.
 */
import type { Location } from '../dts/location.js';
import { getProperty, nodePath } from '../dts/query.js';
import type { Cell, Node, Tree } from '../dts/tree.js';
import { regEntries, translateAddress } from '../graph/address.js';
import { bindingById } from '../graph/bindings.js';
import { splitList, type SplitContext } from '../graph/split.js';
import { cellNumber, phandleTable, readU32 } from '../graph/tree-access.js';
import { isGic } from './platform-providers.js';

export interface PlatformBusGeometry {
  /** Guest physical address of the bus window. */
  base: bigint;
  size: bigint;
  /** SPI number (not INTID) of the bus's first interrupt line. */
  firstSpi: number;
  spiCount: number;
}

/** QEMU virt's platform bus (hw/arm/virt.c). */
export const VIRT_PLATFORM_BUS: Readonly<PlatformBusGeometry> = {
  base: 0x0c000000n,
  size: 0x02000000n,
  firstSpi: 112,
  spiCount: 64,
};

/** What a dynamically placed sysbus device that is not vfio takes on the bus: MMIO region sizes and IRQs. */
export interface SysbusFootprint {
  regionSizes: readonly bigint[];
  irqCount: number;
}

/**
 * QEMU 7.2's other dynamic sysbus devices of `virt`, as they register their MMIO regions and IRQs
 * (sysbus_init_mmio / sysbus_init_irq):
 * - tpm-tis-device (hw/tpm/tpm_tis_sysbus.c tpm_tis_sysbus_initfn): one region of
 *   TPM_TIS_NUM_LOCALITIES << TPM_TIS_LOCALITY_SHIFT = 5 << 12 = 0x5000 bytes and one IRQ. The IRQ
 *   takes a bus line although the node QEMU writes for it (sysbus-fdt.c add_tpm_tis_fdt_node) has no
 *   `interrupts`.
 * - ramfb (hw/display/ramfb-standalone.c ramfb_realizefn): no region and no IRQ; it works through
 *   fw_cfg and guest RAM, so it shifts nothing.
 */
export const QEMU_SYSBUS_FOOTPRINTS: Readonly<Record<string, SysbusFootprint>> = {
  'tpm-tis-device': { regionSizes: [0x5000n], irqCount: 1 },
  ramfb: { regionSizes: [], irqCount: 0 },
};

/** The compatible QEMU 7.2 generates a guest node for when a plain vfio-platform device's host node has it. */
export const QEMU_GENERATED_VFIO_COMPATIBLE = 'amd,xgbe-seattle-v1a';

/**
 * Whether QEMU 7.2 writes a guest DT node for a dynamic sysbus device when there is no `-dtb`
 * (hw/core/sysbus-fdt.c, the `bindings` table walked by add_fdt_node): by type vfio-calxeda-xgmac,
 * tpm-tis-device and ramfb (no node, nothing to describe); a plain vfio-platform when its host node's
 * compatible list (read from sysfs of_node/compatible by vfio_platform_realize) holds
 * "amd,xgbe-seattle-v1a", and a vfio-amd-xgbe only then too: add_amd_xgbe_fdt_node, which both get,
 * looks the host node up by name and that compatible (qemu_fdt_node_path on the host's tree from
 * sysfs) and exits when it finds none ("unable to retrieve node path for ..."). For anything else
 * add_fdt_node reports "Device vfio-platform can not be dynamically instantiated" and QEMU exits.
 */
export function qemuWritesGuestNode(driver: string, hostCompatibles: readonly string[]): boolean {
  if (driver === 'vfio-platform' || driver === 'vfio-amd-xgbe') return hostCompatibles.includes(QEMU_GENERATED_VFIO_COMPATIBLE);
  return driver === 'vfio-calxeda-xgmac' || driver === 'tpm-tis-device' || driver === 'ramfb';
}

export interface PlatformBusDeviceInput {
  /** Caller's name for the device (e.g. the sysfs name `5b040000.ethernet`). */
  name: string;
  /** One MMIO region per host `reg` entry, in order. */
  regionSizes: readonly bigint[];
  /** Host addresses of the regions, when known: only used to say whether mmap (the fast path) works. */
  regionAddresses?: readonly bigint[];
  /** Number of host interrupts (entries of `interrupts` / `interrupts-extended`). */
  irqCount: number;
}

export interface PlatformBusSlot {
  /** Region index within the device. */
  region: number;
  /** Absolute guest physical address. */
  base: bigint;
  size: bigint;
  /** Offset inside the bus window. */
  offset: bigint;
  /** The alignment QEMU searched with (size rounded up to a power of two). */
  alignment: bigint;
  /** The region runs past the end of the bus window: the guest sees only its first part. */
  truncated?: true;
  /** False when the host address or size is not page aligned: accesses trap to QEMU (slow path). */
  mmap?: boolean;
}

export interface PlatformBusPlacement {
  name: string;
  /** Position in the input list. */
  index: number;
  slots: PlatformBusSlot[];
  /** SPI numbers, the `n` of `<GIC_SPI n type>`, one per host interrupt in order. */
  spis: number[];
}

export type PlatformBusFailure =
  | { kind: 'irq'; device: string; index: number; message: string }
  | { kind: 'mmio'; device: string; index: number; region: number; size: bigint; message: string }
  | { kind: 'empty-region'; device: string; index: number; region: number; message: string };

export interface PlatformBusAllocation {
  /** The devices QEMU placed, in order, up to the first failure. */
  placements: PlatformBusPlacement[];
  /** The failure that makes QEMU exit; devices after it are never placed. */
  failure?: PlatformBusFailure;
}

export interface PlatformBusOptions {
  /** Host page size, for the mmap fast-path note only (default 4 KiB). */
  pageSize?: bigint;
}

/** Places the devices on the bus in the given order (QEMU's creation order), as QEMU does. */
export function allocatePlatformBus(
  devices: readonly PlatformBusDeviceInput[],
  geometry: PlatformBusGeometry = VIRT_PLATFORM_BUS,
  options: PlatformBusOptions = {},
): PlatformBusAllocation {
  const pageSize = options.pageSize ?? 0x1000n;
  const usedIrqs = new Array<boolean>(geometry.spiCount).fill(false);
  // Mapped extents inside the bus, clipped to the window as QEMU's flat view sees them.
  const mapped: Array<[bigint, bigint]> = [];
  const placements: PlatformBusPlacement[] = [];

  for (const [index, device] of devices.entries()) {
    const spis: number[] = [];
    for (let n = 0; n < device.irqCount; n++) {
      const line = usedIrqs.indexOf(false);
      if (line === -1) {
        return {
          placements,
          failure: { kind: 'irq', device: device.name, index, message: 'Platform Bus: Can not fit IRQ line' },
        };
      }
      usedIrqs[line] = true;
      spis.push(geometry.firstSpi + line);
    }

    const slots: PlatformBusSlot[] = [];
    for (const [region, size] of device.regionSizes.entries()) {
      if (size <= 0n) {
        return {
          placements,
          failure: { kind: 'empty-region', device: device.name, index, region, message: `region ${region} has size 0` },
        };
      }
      const alignment = roundUpPow2(size);
      let found: bigint | undefined;
      for (let off = 0n; off < geometry.size; off += alignment) {
        if (!overlapsAny(mapped, off, off + size)) {
          found = off;
          break;
        }
      }
      if (found === undefined) {
        return {
          placements,
          failure: {
            kind: 'mmio',
            device: device.name,
            index,
            region,
            size,
            message: `Platform Bus: Can not fit MMIO region of size ${size.toString(16)}`,
          },
        };
      }
      const end = found + size;
      mapped.push([found, end < geometry.size ? end : geometry.size]);
      const slot: PlatformBusSlot = { region, base: geometry.base + found, size, offset: found, alignment };
      if (end > geometry.size) slot.truncated = true;
      const hostAddress = device.regionAddresses?.[region];
      if (hostAddress !== undefined) slot.mmap = vfioRegionMmappable(hostAddress, size, pageSize);
      slots.push(slot);
    }
    placements.push({ name: device.name, index, slots, spis });
  }
  return { placements };
}

/**
 * Whether vfio-platform lets QEMU mmap a region (Linux 6.12 vfio_platform_common.c
 * vfio_platform_regions_init sets VFIO_REGION_INFO_FLAG_MMAP only when the address and the size are
 * multiples of the host's PAGE_SIZE, "Only regions addressed with PAGE granularity may be MMAPed
 * securely"; vfio_platform_mmap_mmio also refuses a region smaller than a page).
 */
export function vfioRegionMmappable(address: bigint, size: bigint, pageSize: bigint): boolean {
  return size >= pageSize && address % pageSize === 0n && size % pageSize === 0n;
}

// QEMU: 1 << (63 - clz64(size + size - 1)), the smallest power of two >= size.
function roundUpPow2(size: bigint): bigint {
  let p = 1n;
  while (p < size) p <<= 1n;
  return p;
}

function overlapsAny(mapped: ReadonlyArray<[bigint, bigint]>, start: bigint, end: bigint): boolean {
  return mapped.some(([s, e]) => start < e && s < end);
}

/** Linux dt-bindings/interrupt-controller/irq.h */
export const IRQ_TYPE = {
  NONE: 0,
  EDGE_RISING: 1,
  EDGE_FALLING: 2,
  EDGE_BOTH: 3,
  LEVEL_HIGH: 4,
  LEVEL_LOW: 8,
} as const;

export interface GuestTrigger {
  /** The IRQ_TYPE_* flags the guest's `<GIC_SPI n flags>` should carry. */
  flags: 1 | 4;
  kind: 'level' | 'edge';
}

/**
 * The trigger type a passed interrupt has in the guest, from the host interrupt's IRQ_TYPE_* flags.
 *
 * Linux's vfio-platform (vfio_platform_irq.c vfio_platform_irq_init) marks an IRQ
 * VFIO_IRQ_INFO_AUTOMASKED when its host trigger type is level (IRQ_TYPE_LEVEL_MASK); QEMU then
 * injects it as a level line with a resample eventfd (irqfd + resamplefd), and edge IRQs as plain
 * edges. The virtual GIC takes SPIs only as level-high or rising edge, so level-low on the host is
 * level-high in the guest. QEMU writes these flags itself only when it generates the guest node
 * (hw/core/sysbus-fdt.c in QEMU 7.2): for vfio-calxeda-xgmac (always level-high) and for
 * vfio-amd-xgbe / vfio-platform with compatible "amd,xgbe-seattle-v1a" (level-high when AUTOMASKED,
 * else rising edge). Any other vfio-platform device gets no generated node: without `-dtb` QEMU exits
 * ("Device ... can not be dynamically instantiated"); with `-dtb` (the seed's setup) the user's DT is
 * used as is, so its flags must follow this rule by hand.
 */
export function guestTriggerFor(hostFlags: number): GuestTrigger {
  // Only the low 4 bits are the trigger type (GICv2 PPIs keep a CPU mask above them).
  const type = hostFlags & 0xf;
  return type & (IRQ_TYPE.LEVEL_HIGH | IRQ_TYPE.LEVEL_LOW) ? { flags: 4, kind: 'level' } : { flags: 1, kind: 'edge' };
}

export interface HostInterrupt {
  /** The interrupt controller the specifier is for. */
  controller?: Node;
  specifier: Cell[];
  /**
   * IRQ_TYPE_* flags: the third cell for 3+-cell specifiers (the GIC's `<type number flags>`), the
   * second for 2-cell ones; absent for 1-cell specifiers, whose type the controller decides.
   */
  flags?: number;
  at: Location;
}

/**
 * A node's interrupts as of_irq_parse_one reads them: `interrupts-extended` else `interrupts`, one
 * entry per index, up to the first entry that cannot be read (`problem` says which).
 */
export function nodeInterrupts(node: Node, ctx: SplitContext): { interrupts: HostInterrupt[]; problem?: string; typeMismatch?: TypeMismatch } {
  const interrupts: HostInterrupt[] = [];
  const extended = getProperty(node, 'interrupts-extended');
  const prop = extended ?? getProperty(node, 'interrupts');
  if (!prop) return { interrupts };
  const binding = bindingById(extended ? 'interrupts-extended' : 'interrupts')!;
  // GIC lines seen so far, with the index and trigger type that mapped them first.
  const gicLines = new Map<string, { index: number; type: number }>();
  for (const e of splitList(node, prop, binding, ctx).entries) {
    if (e.problem || e.empty) {
      return e.problem ? { interrupts, problem: `${prop.name} entry ${e.index}: ${e.problem.kind}` } : { interrupts };
    }
    const irq: HostInterrupt = { specifier: e.args, at: e.phandleCell.at };
    if (e.provider) irq.controller = e.provider;
    const size = e.provider ? (readU32(e.provider, '#interrupt-cells') ?? e.args.length) : e.args.length;
    const flagsCell = size >= 3 ? e.args[2] : size === 2 ? e.args[1] : undefined;
    if (flagsCell) irq.flags = cellNumber(flagsCell);
    const type = gicTriggerType(irq);
    if (type !== undefined) {
      const key = `${nodePath(irq.controller!)}|${cellNumber(e.args[0]!)} ${cellNumber(e.args[1]!)}`;
      const first = gicLines.get(key);
      // irq_create_fwspec_mapping maps a hwirq once; another trigger type than the mapping's
      // (neither IRQ_TYPE_NONE) fails ("type mismatch, failed to map hwirq-N"): this index gets no
      // IRQ, and vfio_platform_irq_init counts the device's interrupts only up to it.
      if (first && first.type !== 0 && type !== 0 && first.type !== type) return { interrupts, typeMismatch: { index: e.index, first: first.index, type, firstType: first.type } };
      if (!first) gicLines.set(key, { index: e.index, type });
    }
    interrupts.push(irq);
  }
  return { interrupts };
}

/** Two entries of one node that name one GIC line with two trigger types: the later one is not mapped. */
export interface TypeMismatch {
  index: number;
  first: number;
  type: number;
  firstType: number;
}

/** A GIC specifier's trigger type (cell 2 & IRQ_TYPE_SENSE_MASK, gic_irq_domain_translate), else undefined. */
export function gicTriggerType(irq: HostInterrupt): number | undefined {
  if (!irq.controller || !isGic(irq.controller) || irq.specifier.length < 3) return undefined;
  return cellNumber(irq.specifier[2]!) & 0xf;
}

/** What vfio-platform will expose of a host node: its MMIO regions and interrupts. */
export interface HostFootprint {
  regionSizes: bigint[];
  /** CPU addresses of the regions, when they translate. */
  regionAddresses?: bigint[];
  irqCount: number;
  interrupts: HostInterrupt[];
  /** Why part of the footprint could not be read (reg format, untranslatable address, bad interrupts). */
  problems: string[];
  /** The interrupts stop at an entry that names an earlier entry's GIC line with another trigger type. */
  typeMismatch?: TypeMismatch;
}

/**
 * A host node's footprint as Linux's vfio-platform sees it: one region per `reg` entry, one IRQ per
 * entry of `interrupts-extended` or else `interrupts` (of_irq_parse_one's preference).
 */
export function hostFootprint(node: Node, tree: Tree): HostFootprint {
  const problems: string[] = [];
  const regionSizes: bigint[] = [];
  const addresses: bigint[] = [];
  let translated = true;
  if (getProperty(node, 'reg')) {
    const entries = regEntries(node);
    if (Array.isArray(entries)) {
      for (const e of entries) {
        regionSizes.push(e.size);
        const t = translateAddress(node, e.address);
        if (t.ok) addresses.push(t.address);
        else {
          translated = false;
          problems.push(t.reason);
        }
      }
    } else problems.push(entries.reason);
  }

  const { interrupts, problem, typeMismatch } = nodeInterrupts(node, { phandles: phandleTable(tree) });
  if (problem) problems.push(problem);
  const out: HostFootprint = { regionSizes, irqCount: interrupts.length, interrupts, problems };
  if (typeMismatch) out.typeMismatch = typeMismatch;
  if (translated) out.regionAddresses = addresses;
  return out;
}
