/**
 * guest-missing-dependency: judged from what the guest counterpart of a passed device itself
 * references (and, through guest-own providers, what those reference): a copy of a host device the
 * host keeps, or a provider reached through SMC/HVC firmware, which a KVM guest cannot call. Also a
 * passed device with no guest node, and a guest node that names no clocks where its host node does.
 * Suppliers the passed device has on the host (clocks, resets, power domains, pins, firmware, nvmem
 * cells, regulators, GPIOs) stay with the host and are not the guest's to have: they are not
 * reported. A supplier disabled in the guest is disabled-supplier's finding on the guest file.
 */
import { getProperty, nodePath, propertyStrings, walk } from '../src/dts/query.js';
import { consumersOf, suppliersOf } from '../src/graph/closure.js';
import type { Node } from '../src/dts/tree.js';
import { translateReg } from '../src/graph/address.js';
import { anchorFor, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { type PairModel } from '../src/passthrough/pair.js';
import { isAvailable } from '../src/passthrough/availability.js';
import type { GuestDependency } from '../src/passthrough/pair-closure.js';
import { definePairRule } from './support/pair-rule.js';
import { deviceOf } from '../src/passthrough/platform-providers.js';
import { compatibles } from '../src/dts/query.js';
import { iommuDriverOf } from '../src/passthrough/iommu-drivers.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { chainLocations, who } from './support/pair.js';
import { describeEdge } from '../src/graph/closure.js';
import { hex, listText } from '../src/dts/message-text.js';

export default definePairRule({
  id: 'guest-missing-dependency',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device\'s guest node references something the guest cannot provide, or is missing',
  symptoms: [SYMPTOM.guestProbeFails, SYMPTOM.guestDeviceFails, SYMPTOM.dmaFaults],
  messages: {
    hostDevice:
      "the guest's {{consumer}} uses {{supplier}} ({{edge}}), a copy of host {{host}}, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach {{reach}} and nothing the guest driver of {{guestDevice}} does acts on that hardware; {{advice}}",
    smcFirmware:
      "the guest's {{consumer}} uses {{supplier}} ({{edge}}){{of}}, firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so {{firmware}} fails to probe in the guest and the probe of {{consumer}} is deferred for want of {{supplier}}, which never appears; drop the reference (the host keeps what its firmware set up){{standIn}}",
    noClocks:
      "the guest's {{consumer}} names no clocks, while host {{device}} names {{count}}{{names}}: a guest driver that gets a clock at probe (fec, macb and renesas_sdhi do) fails to probe; give the guest node fixed clocks at the rates the host runs them",
    guestIommu:
      "the guest's {{consumer}} names {{supplier}} in iommus{{copy}}, but under KVM and vfio-platform the host's IOMMU translates the passed device's DMA through the VFIO container, which maps guest-physical addresses, and QEMU's virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): {{driver}} binds {{supplier}} in the guest and {{consumer}} joins its domain, but no IOMMU registers are there ({{how}}), and the IOVAs of that domain are not guest-physical addresses; drop iommus (and the IOMMU node) from the guest",
    guestIommuMaybe:
      "the guest's {{consumer}} names {{supplier}} in iommus{{copy}}, but under KVM and vfio-platform the host's IOMMU translates the passed device's DMA through the VFIO container, which maps guest-physical addresses, and QEMU's virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): if a guest IOMMU driver binds {{supplier}}, {{consumer}} is handed IOVAs that are not guest-physical addresses and its DMA misses; if none does, {{consumer}} waits for it until the deferred-probe timeout (dtlint does not model {{iommuDriver}}'s probe); drop iommus (and the IOMMU node) from the guest",
    noCounterpart: 'the guest has no node for passed {{device}} ({{sysfs}}){{slot}}: the guest kernel creates no device for it, so no guest driver binds it',
  },
  softMessages: ['hostDevice', 'noClocks', 'guestIommuMaybe'],
  check({ pair, report }) {
    const symptom = SYMPTOM.guestProbeFails;
    // One finding per consumer and cause (the copied host device, the firmware): a PHY's
    // interrupt-parent and interrupts, or a gem's clocks and resets of one firmware, are one cause.
    const groups = new Map<string, GuestDependency[]>();
    const guestIommus: GuestDependency[] = [];
    for (const dep of pair.closure.guest) {
      if (isGuestIommu(dep)) {
        if (!guestIommus.some((d) => d.edge.consumer === dep.edge.consumer && d.edge.supplier === dep.edge.supplier)) guestIommus.push(dep);
        continue;
      }
      const cause = dep.class === 'host-device' ? dep.host : dep.class === 'smc-firmware' ? dep.firmware : undefined;
      if (!cause) continue;
      const key = `${nodePath(dep.edge.consumer)}\0${nodePath(cause)}`;
      const list = groups.get(key);
      if (!list) groups.set(key, [dep]);
      else if (!list.some((d) => d.edge === dep.edge)) list.push(dep);
    }
    for (const [key, deps] of groups) {
      const dep = deps[0]!;
      const { edge } = dep;
      const at = anchorFor(pair, pair.guest, edge.at, edge.consumer);
      const data = { consumer: who(edge.consumer), supplier: who(edge.supplier), edge: describeEdge(edge) };
      const also = deps.slice(1).map((d) => ({ message: `also ${describeEdge(d.edge)} (${who(d.edge.supplier)})`, at: d.edge.at }));
      const base = { at, chain: chainLocations(dep.chain), subject: `guest:${key.replace('\0', ':')}`, symptom };
      if (dep.class === 'host-device' && dep.host) {
        const host = dep.host;
        report({
          ...base,
          messageId: 'hostDevice',
          // The copy's guest driver probes on registers QEMU does not map: what uses it does nothing.
          symptom: SYMPTOM.guestDeviceFails,
          data: { ...data, host: who(host), guestDevice: who(deviceOf(edge.supplier) ?? edge.supplier), reach: reachOf(host), advice: adviceFor(pair, host) },
          related: notesBesides([...also, { message: `${nodePath(host)} on the host`, at: nodeAnchor(pair, pair.host, host) }], at),
        });
      } else if (dep.firmware) {
        const firmware = dep.firmware;
        const of = firmware === edge.supplier ? '' : ` of ${who(firmware)}`;
        // Only a clock has a stand-in a guest can describe by itself (fixed-clock).
        const standIn = deps.every((d) => d.edge.binding.id === 'clocks') ? ' or give the guest a fixed clock of its own' : '';
        report({ ...base, messageId: 'smcFirmware', data: { ...data, firmware: who(firmware), of, standIn }, related: notesBesides(also, at) });
      }
    }
    for (const dep of guestIommus) report(guestIommuFinding(pair, dep));
    // Without -dtb QEMU writes the platform-bus nodes itself (or exits on a device it has none for):
    // a passed device then has no node in the user's guest file for a reason mmio-mismatch reports.
    const qemuWritesNodes = pair.qemu !== undefined && !pair.qemu.args.dtb;
    for (const d of pair.passed) {
      if (!d.available) continue;
      if (!d.guest) {
        if (qemuWritesNodes && d.qemu) continue;
        const slot = d.placement?.slots[0];
        report({
          at: nodeAnchor(pair, pair.host, d.node, d),
          messageId: 'noCounterpart',
          data: { device: who(d.node), sysfs: d.sysfs, slot: slot ? ` (QEMU maps it at ${hex(slot.base)})` : '' },
          related: notesBesides(qemuNote(d), nodeAnchor(pair, pair.host, d.node, d)),
          subject: `${d.path}:guest`,
          symptom,
        });
        continue;
      }
      const hostClocks = getProperty(d.node, 'clocks');
      if (!hostClocks || getProperty(d.guest.node, 'clocks')) continue;
      const count = suppliersOf(pair.host.graph, d.node).filter((e) => e.property === 'clocks').length;
      const clockNames = getProperty(d.node, 'clock-names');
      const names = clockNames ? (propertyStrings(clockNames) ?? []) : [];
      const at = nodeAnchor(pair, pair.guest, d.guest.node);
      report({
        at,
        messageId: 'noClocks',
        data: { consumer: who(d.guest.node), device: who(d.node), count: String(count), names: names.length > 0 ? ` (${listText(names.map((n) => `"${n}"`))})` : '' },
        related: notesBesides([{ message: `clocks of ${who(d.node)} on the host`, at: hostClocks.at }], at),
        subject: `guest:${nodePath(d.guest.node)}:clocks`,
        symptom,
      });
    }
  },
});

/**
 * An `iommus` entry of the guest naming an IOMMU node it has (a copy of a host IOMMU or its own).
 * A disabled one is harmless: of_iommu_xlate returns -ENODEV and the device probes without it.
 */
function isGuestIommu(dep: GuestDependency): boolean {
  return dep.edge.binding.id === 'iommus' && (dep.class === 'host-device' || dep.class === 'guest' || dep.class === 'counterpart');
}

/**
 * How the guest's IOMMU driver fails on a copy with no registers behind it, for the drivers whose
 * probe touches no register (so the driver binds and the device joins its domain for certain).
 */
const BINDS_WITHOUT_HARDWARE: Readonly<Record<string, string>> = {
  // rockchip-iommu.c: rk_iommu_probe maps and registers only; rk_iommu_enable (on the master's
  // runtime resume) calls rk_iommu_force_reset, which writes DTE_ADDR_DUMMY, reads it back and fails.
  'rockchip-iommu':
    'rk_iommu_enable calls rk_iommu_force_reset when {{consumer}} resumes, which cannot read back what it writes to DTE_ADDR ("MMU_DTE_ADDR is not functioning" or "FORCE_RESET command timed out") and fails, so {{consumer}} cannot resume',
};

/** The finding about a guest iommus entry: certain where the driver binds the copy, else what may happen. */
function guestIommuFinding(pair: PairModel, dep: GuestDependency) {
  const { edge } = dep;
  const at = anchorFor(pair, pair.guest, edge.at, edge.consumer);
  const consumer = who(edge.consumer);
  const supplier = who(edge.supplier);
  const copy = dep.host ? `, a copy of host ${who(dep.host)}` : '';
  const driver = iommuDriverOf(compatibles(edge.supplier));
  const related = dep.host ? notesBesides([{ message: `${nodePath(dep.host)} on the host`, at: nodeAnchor(pair, pair.host, dep.host) }], at) : [];
  const base = { at, chain: chainLocations(dep.chain), subject: `guest:${nodePath(edge.consumer)}:iommus`, symptom: SYMPTOM.dmaFaults, related };
  const how = driver ? BINDS_WITHOUT_HARDWARE[driver.name] : undefined;
  if (driver && how) return { ...base, messageId: 'guestIommu' as const, data: { consumer, supplier, copy, driver: driver.name, how: how.replaceAll('{{consumer}}', consumer) } };
  return { ...base, messageId: 'guestIommuMaybe' as const, data: { consumer, supplier, copy, iommuDriver: driver ? driver.name : 'its driver' } };
}

/** What the guest cannot reach: the device's registers, or the bus controller a device off the memory map sits behind. */
function reachOf(host: Node): string {
  if (translateReg(host).ok) return 'its registers';
  const bus = host.parent && deviceOf(host.parent);
  return bus ? `host ${who(bus)}, the bus it sits on` : 'it';
}

/** What to do about a guest reference to a copy of a host device: pass it only when it can be passed. */
function adviceFor(pair: PairModel, host: Node): string {
  if (!isAvailable(host)) return `drop the reference (${who(host)} is disabled on the host)`;
  if (!translateReg(host).ok) return `drop the reference (${who(host)} is not memory-mapped, so vfio-platform cannot take it)`;
  const users = hostUsers(pair, host);
  if (users.length > 0) return `drop the reference: the host keeps ${who(host)} (${listText(users.slice(0, 3).map(who))} use${users.length === 1 ? 's' : ''} it)`;
  if (pair.groupsOf(host).length === 0) return `drop the reference (${who(host)} has no IOMMU group, so vfio-platform cannot take it)`;
  return `pass ${who(host)} through too if the guest must drive it, else drop the reference`;
}

/** Enabled host nodes outside the passed devices that use the host device or a node inside it. */
function hostUsers(pair: PairModel, host: Node): Node[] {
  const out: Node[] = [];
  walk(host, (n) => {
    for (const e of consumersOf(pair.host.graph, n)) {
      if (e.binding.layout === 'parent' || isInside(e.consumer, host)) continue;
      if (pair.isPassed(e.consumer) || !isAvailable(e.consumer) || out.includes(e.consumer)) continue;
      out.push(e.consumer);
    }
  });
  return out;
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
