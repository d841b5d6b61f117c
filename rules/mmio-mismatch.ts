/**
 * mmio-mismatch: the guest address of a passed device (its `reg` through the buses' `ranges`)
 * differs from the platform-bus slot QEMU gives it; also devices QEMU cannot place, devices QEMU
 * refuses because it writes the guest DT itself (no `-dtb`), and `--pass` devices the command line
 * forgets.
 *
 * One cause, one finding: a guest `reg` that does not translate at all (a bus without `ranges`, a
 * malformed `ranges`, a first region outside every entry) is reported by reg-not-translatable or
 * ranges_format on the guest tree, which name every affected node; this rule has no address to
 * compare then and stays silent.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { getProperty, nodePath, compatibles } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { addressCells, regEntries, sizeCells, translateAddress } from '../src/graph/address.js';
import { propertyCells } from '../src/graph/tree-access.js';
import { nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import type { PairModel, PassedDevice, PlatformBusOccupant } from '../src/passthrough/pair.js';
import { definePairRule } from './support/pair-rule.js';
import { qemuWritesGuestNode, type PlatformBusSlot } from '../src/passthrough/platform-bus.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';
import { hex } from '../src/dts/message-text.js';
import { regionsNeeded } from '../src/passthrough/driver-regions.js';

export default definePairRule({
  id: 'mmio-mismatch',
  level: 'error',
  scope: 'pair',
  summary: "The guest address of a passed device differs from the platform-bus slot QEMU gives it",
  symptoms: [SYMPTOM.guestProbeFails, SYMPTOM.guestDeviceFails, SYMPTOM.qemuRefuses],
  messages: {
    untranslatable: 'region {{index}} of {{node}} cannot be translated: {{reason}}; QEMU maps {{sysfs}} region {{index}} at {{expected}}, but the guest kernel cannot reach it',
    address: '{{node}} is at guest address {{actual}}, but QEMU maps {{sysfs}} region {{index}} at {{expected}} (platform-bus order: {{order}})',
    addresses: '{{node}} has its regions at guest addresses {{actual}}, but QEMU maps {{sysfs}} regions {{indices}} at {{expected}} (platform-bus order: {{order}})',
    size: 'region {{index}} of {{node}} is {{actual}} bytes in the guest, but QEMU maps only {{expected}} bytes of {{sysfs}} there: under KVM, accesses from {{past}} on {{beyond}}',
    regionCount: '{{node}} has {{actual}} in the guest, but vfio-platform exposes {{expected}} of {{sysfs}}, one per host reg entry: the guest entries past them reach no register of the device',
    fewerRegions:
      '{{node}} has {{actual}} in the guest, but vfio-platform exposes {{expected}} of {{sysfs}}, one per host reg entry: the guest driver cannot reach the regions past its entries, harmless only if it does not use them',
    regionNeeded:
      '{{node}} has {{actual}} in the guest, but its driver ({{driver}}, for "{{compatible}}") maps {{needs}} regions in {{probe}} and fails its probe with fewer; vfio-platform exposes {{expected}} of {{sysfs}}, one per host reg entry: give the guest node all of them, at their slots',
    noReg: '{{node}} has no reg in the guest: QEMU maps {{sysfs}} at {{expected}}, but no guest driver can find it',
    placementFailed: '{{message}}: QEMU exits while placing {{name}} on its platform bus ({{base}}, {{size}} bytes)',
    notInQemu: '{{node}} is passed (--pass) but the QEMU command line has no -device vfio-platform for {{sysfs}}: the guest never sees it',
    noDtbXgbe:
      'the QEMU command line has no -dtb, so QEMU writes the guest device tree itself, and for {{sysfs}} (vfio-amd-xgbe) add_amd_xgbe_fdt_node looks up the host node {{dtName}} with compatible "amd,xgbe-seattle-v1a", which the host node does not have (compatible {{compatible}}): QEMU exits ("unable to retrieve node path for {{dtName}}/amd,xgbe-seattle-v1a"); keep that compatible on the host node (take the device from its host driver with driver_override instead), or give QEMU the compiled guest DTS with -dtb',
    noDtb: 'the QEMU command line has no -dtb, so QEMU writes the guest device tree itself, and it has no node for {{sysfs}} (compatible {{compatible}}): QEMU exits with "Device vfio-platform can not be dynamically instantiated"; give it the compiled guest DTS with -dtb',
  },
  softMessages: ['size', 'fewerRegions'],
  check({ pair, report }) {
    reportPlacementFailure(pair, report);
    reportNoDtb(pair, report);
    const occupants = pair.busOccupants.filter((o) => o.placement);
    const order = occupants.map((o) => o.name).join(', ');
    for (const d of pair.passed) {
      if (pair.qemu && !d.qemu) {
        report({ at: nodeAnchor(pair, pair.host, d.node, d), messageId: 'notInQemu', data: { node: who(d.node), sysfs: d.sysfs }, subject: `${d.path}:qemu`, symptom: SYMPTOM.guestDeviceFails });
        continue;
      }
      const g = d.guest?.node;
      const placement = d.placement;
      if (!g || !placement) continue;
      const node = who(g);
      const notes = qemuNote(d);
      // No resource for a region: the driver's probe fails; a wrong address or size: it may probe and
      // then talk to registers that are not the device's.
      const symptom = symptomLine(SYMPTOM.guestProbeFails);
      const inert = SYMPTOM.guestDeviceFails;
      const entries = regEntries(g);
      const reg = getProperty(g, 'reg');
      if (!Array.isArray(entries) || !reg) {
        if (!reg) report({ at: nodeAnchor(pair, pair.guest, g), messageId: 'noReg', data: { node, sysfs: d.sysfs, expected: hex(placement.slots[0]?.base ?? pair.geometry.base) }, related: notes, subject: `guest:${nodePath(g)}:reg`, symptom });
        continue;
      }
      const need = regionsNeeded(g);
      if (need && entries.length < need.regions && need.regions <= placement.slots.length) {
        // Fewer guest entries than a driver that maps a missing one needs: its probe fails.
        const driver = need.driver.slice(need.driver.lastIndexOf('/') + 1);
        report({ at: reg.at, messageId: 'regionNeeded', data: { node, actual: `${entries.length} reg ${entries.length === 1 ? 'entry' : 'entries'}`, expected: `${placement.slots.length} region${placement.slots.length === 1 ? '' : 's'}`, sysfs: d.sysfs, driver, compatible: need.compatible, needs: need.regions, probe: need.probe }, related: notes, subject: `guest:${nodePath(g)}:reg`, symptom });
      } else if (entries.length !== placement.slots.length) {
        // Fewer guest entries: the driver may not use the other regions (dtlint cannot tell).
        report({ at: reg.at, messageId: entries.length < placement.slots.length ? 'fewerRegions' : 'regionCount', data: { node, actual: `${entries.length} reg ${entries.length === 1 ? 'entry' : 'entries'}`, expected: `${placement.slots.length} region${placement.slots.length === 1 ? '' : 's'}`, sysfs: d.sysfs }, related: notes, subject: `guest:${nodePath(g)}:reg`, symptom: inert });
      }
      const n = Math.min(entries.length, placement.slots.length);
      // Regions at the wrong address: one finding per device (one shifted slot moves them all).
      const moved: Array<{ index: number; actual: bigint; expected: bigint; at: RelatedLocation['at'] }> = [];
      for (let i = 0; i < n; i++) {
        const entry = entries[i]!;
        const slot = placement.slots[i]!;
        const subject = `guest:${nodePath(g)}:reg:${i}`;
        const t = translateAddress(g, entry.address);
        if (!t.ok) {
          // reg-not-translatable (no ranges; a first region outside the entries) and ranges_format (a
          // malformed ranges) already report this cause and list the node: no second finding.
          if (!t.at || !t.bus || i === 0 || rangesMalformed(t.bus)) continue;
          const related = notesBesides([...(t.bus ? [{ message: `${nodePath(t.bus)} is written here`, at: nodeAnchor(pair, pair.guest, t.bus) }] : []), ...notes], entry.at);
          report({ at: entry.at, messageId: 'untranslatable', data: { node, reason: t.reason, sysfs: d.sysfs, index: i, expected: hex(slot.base) }, related, subject, symptom });
          continue;
        }
        if (t.address !== slot.base) moved.push({ index: i, actual: t.address, expected: slot.base, at: entry.at });
        if (entry.size > slot.size) {
          report({
            at: entry.at,
            messageId: 'size',
            data: { index: i, node, actual: hex(entry.size), sysfs: d.sysfs, expected: hex(slot.size), past: hex(slot.base + slot.size), beyond: beyond(occupants, d, slot, entry.size) },
            related: notes,
            subject: `${subject}:size`,
            symptom: inert,
          });
        }
      }
      const first = moved[0];
      if (!first) continue;
      const related = [...notes, ...shiftNotes(pair, d)];
      if (moved.length === 1) {
        report({ at: first.at, messageId: 'address', data: { node, actual: hex(first.actual), sysfs: d.sysfs, index: first.index, expected: hex(first.expected), order }, related, subject: `guest:${nodePath(g)}:reg:${first.index}`, symptom });
        continue;
      }
      const others = moved.slice(1).map((m) => ({ message: `region ${m.index} of ${node}`, at: m.at }));
      report({
        at: first.at,
        messageId: 'addresses',
        data: { node, actual: moved.map((m) => hex(m.actual)).join(', '), sysfs: d.sysfs, indices: moved.map((m) => m.index).join(', '), expected: moved.map((m) => hex(m.expected)).join(', '), order },
        related: notesBesides([...others, ...related], first.at),
        subject: `guest:${nodePath(g)}:reg`,
        symptom,
      });
    }
  },
});

type Report = Parameters<Parameters<typeof definePairRule>[0]['check']>[0]['report'];

/** A `ranges` that is not whole <child parent size> entries (ranges_format's finding). */
function rangesMalformed(bus: Node): boolean {
  const ranges = getProperty(bus, 'ranges');
  if (!ranges || ranges.value.length === 0 || !bus.parent) return false;
  const cells = propertyCells(ranges);
  const width = addressCells(bus) + addressCells(bus.parent) + sizeCells(bus);
  return cells === undefined || width === 0 || cells.length % width !== 0;
}

/**
 * What a guest access past the end of a QEMU region meets. Under KVM an access outside every memslot
 * exits to QEMU (KVM_EXIT_MMIO), which dispatches it on the system address space
 * (accel/kvm/kvm-all.c kvm_cpu_exec -> address_space_rw, its result ignored): inside another device's
 * region it is that device's access; elsewhere it meets unassigned memory (softmmu/memory.c
 * unassigned_mem_read returns 0, unassigned_mem_write drops the value).
 */
function beyond(occupants: readonly PlatformBusOccupant[], d: PassedDevice, slot: PlatformBusSlot, guestSize: bigint): string {
  const start = slot.base + slot.size;
  const end = slot.base + guestSize;
  const hit: Array<{ name: string; base: bigint; end: bigint }> = [];
  for (const o of occupants) {
    for (const s of o.placement!.slots) {
      if (o.device === d && s.region === slot.region) continue;
      if (s.base < end && start < s.base + s.size) {
        hit.push({ name: `${o.name}${o.placement!.slots.length > 1 ? ` region ${s.region}` : ''} (at ${hex(s.base)})`, base: s.base, end: s.base + s.size });
      }
    }
  }
  const none = 'meet no device (reads return 0, writes are dropped)';
  if (hit.length === 0) return none;
  return `reach ${hit.map((h) => h.name).join(', ')} instead${covered(hit, start, end) ? '' : `, and elsewhere ${none}`}`;
}

/** The slots cover [start, end) without a gap. */
function covered(slots: ReadonlyArray<{ base: bigint; end: bigint }>, start: bigint, end: bigint): boolean {
  const sorted = [...slots].sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  let at = start;
  for (const s of sorted) {
    if (s.base > at) return false;
    if (s.end > at) at = s.end;
  }
  return at >= end;
}

/** The other dynamic sysbus devices (tpm-tis-device, ...) QEMU places before this one: they shift its slot and SPIs. */
function shiftNotes(pair: PairModel, d: PassedDevice): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const o of pair.busOccupants) {
    if (o.device === d) break;
    if (o.device || !o.qemu || !o.placement) continue;
    const { slots, spis } = o.placement;
    if (slots.length === 0 && spis.length === 0) continue;
    const takes = [
      ...slots.map((s) => `${hex(s.size)} bytes at ${hex(s.base)}`),
      ...(spis.length > 0 ? [`SPI ${spis.join(', ')}`] : []),
    ];
    out.push({ message: `${o.name} comes first on the platform bus and takes ${takes.join(' and ')}`, at: o.qemu.at });
  }
  return out;
}

function reportPlacementFailure(pair: PairModel, report: Report): void {
  const failure = pair.allocation?.failure;
  if (!failure) return;
  const o = pair.busOccupants[failure.index];
  if (!o) return;
  const at = o.qemu?.at ?? (o.device ? nodeAnchor(pair, pair.host, o.device.node, o.device) : undefined);
  if (!at) return;
  report({
    at,
    messageId: 'placementFailed',
    data: { message: failure.message, name: o.name, base: hex(pair.geometry.base), size: hex(pair.geometry.size) },
    subject: `qemu:${o.name}:placement`,
    symptom: SYMPTOM.qemuRefuses,
  });
}

/**
 * Without -dtb, QEMU's machine-done step writes the platform-bus nodes (hw/arm/virt.c virt_machine_done
 * -> hw/core/sysbus-fdt.c platform_bus_add_all_fdt_nodes) and exits at the first device it has no
 * node for. One finding, at the first such device in command-line order; the others as related notes.
 */
/** hw/core/sysbus-fdt.c sysfs_to_dt_name: `e0900000.xgmac` -> `xgmac@e0900000`. */
function sysfsToDtName(sysfs: string): string {
  const dot = sysfs.indexOf('.');
  return dot < 0 ? sysfs : `${sysfs.slice(dot + 1)}@${sysfs.slice(0, dot)}`;
}

function reportNoDtb(pair: PairModel, report: Report): void {
  const args = pair.qemu?.args;
  if (!args || args.dtb) return;
  const refused = pair.busOccupants.filter((o) => o.device && o.qemu && o.placement && !qemuWritesGuestNode(o.qemu.driver, compatibles(o.device.node)));
  const first = refused[0];
  if (!first) return;
  const device = first.device!;
  const compatible = compatibles(device.node);
  const xgbe = first.qemu!.driver === 'vfio-amd-xgbe';
  report({
    at: first.qemu!.at,
    messageId: xgbe ? 'noDtbXgbe' : 'noDtb',
    data: { sysfs: device.sysfs, compatible: compatible.length > 0 ? compatible.map((c) => `"${c}"`).join(', ') : 'none', ...(xgbe ? { dtName: sysfsToDtName(device.sysfs) } : {}) },
    related: refused.slice(1).map((o) => ({ message: `QEMU has no node for ${o.name} either`, at: o.qemu!.at })),
    subject: 'qemu:dtb',
    symptom: SYMPTOM.qemuRefuses,
  });
}
