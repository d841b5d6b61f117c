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
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { chainLocations, who } from './support/pair.js';
import { describeEdge } from '../src/graph/closure.js';
import { hex, listText } from '../src/dts/message-text.js';

export default definePairRule({
  id: 'guest-missing-dependency',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device\'s guest node references something the guest cannot provide, or is missing',
  symptoms: [SYMPTOM.guestProbeFails, SYMPTOM.guestDeviceFails],
  messages: {
    hostDevice:
      "the guest's {{consumer}} uses {{supplier}} ({{edge}}), a copy of host {{host}}, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach {{reach}} and nothing the guest driver of {{guestDevice}} does acts on that hardware; {{advice}}",
    smcFirmware:
      "the guest's {{consumer}} uses {{supplier}} ({{edge}}){{of}}, firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so {{firmware}} fails to probe in the guest and the probe of {{consumer}} is deferred for want of {{supplier}}, which never appears; drop the reference (the host keeps what its firmware set up){{standIn}}",
    noClocks:
      "the guest's {{consumer}} names no clocks, while host {{device}} names {{count}}{{names}}: a guest driver that gets a clock at probe (fec, macb and renesas_sdhi do) fails to probe; give the guest node fixed clocks at the rates the host runs them",
    noCounterpart: 'the guest has no node for passed {{device}} ({{sysfs}}){{slot}}: the guest kernel creates no device for it, so no guest driver binds it',
  },
  softMessages: ['hostDevice', 'noClocks'],
  check({ pair, report }) {
    const symptom = SYMPTOM.guestProbeFails;
    // One finding per consumer and cause (the copied host device, the firmware): a PHY's
    // interrupt-parent and interrupts, or a gem's clocks and resets of one firmware, are one cause.
    const groups = new Map<string, GuestDependency[]>();
    for (const dep of pair.closure.guest) {
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
