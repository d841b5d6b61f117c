/**
 * interrupt-mismatch: the guest's interrupts for a passed device differ from what QEMU will deliver
 * (an SPI QEMU does not deliver for the device, a delivered SPI in another line's place, a trigger
 * type the injection does not fit), computed from the host node and the -device order; delivered
 * lines the guest names nowhere (a warning); a guest GIC of the wrong version.
 *
 * A guest entry is right when it names the SPI QEMU delivers for the host line in its position, or
 * repeats an SPI the guest names in its own position (macb, drivers/net/ethernet/cadence/macb_main.c
 * macb_init, requests one IRQ per queue from `interrupts` entry q, IRQF_SHARED, so a GEM node may
 * list one line once per queue). An `interrupt-parent` that names no controller is the
 * interrupt-parent source rule's finding, not this one's (one cause, one finding).
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { ReportDescriptor } from '../src/lint/rule.js';
import { getProperty, nodePath, propertyStrings, walk } from '../src/dts/query.js';
import type { Cell, Node } from '../src/dts/tree.js';
import { bindingById } from '../src/graph/bindings.js';
import { splitList } from '../src/graph/split.js';
import { cellNumber } from '../src/graph/tree-access.js';
import { nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import type { PairModel, PassedDevice } from '../src/passthrough/pair.js';
import { nodeClass } from '../src/passthrough/dma-master.js';
import { definePairRule } from './support/pair-rule.js';
import { guestTriggerFor, IRQ_TYPE, type HostInterrupt } from '../src/passthrough/platform-bus.js';
import { gicVersionOf, isGic } from '../src/passthrough/platform-providers.js';
import { gicVersionText, resolveGic } from '../src/passthrough/gic-version.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';
import { counted, hex, listText } from '../src/dts/message-text.js';

const TRIGGER: Record<number, string> = { 0: 'IRQ_TYPE_NONE', 1: 'IRQ_TYPE_EDGE_RISING', 2: 'IRQ_TYPE_EDGE_FALLING', 3: 'IRQ_TYPE_EDGE_BOTH', 4: 'IRQ_TYPE_LEVEL_HIGH', 8: 'IRQ_TYPE_LEVEL_LOW' };

const MESSAGES = {
  number: 'interrupt {{index}} of {{node}} is SPI {{actual}} in the guest, but QEMU delivers host interrupt {{index}} of {{sysfs}} ({{host}}) as SPI {{expected}}',
  order:
    'interrupt {{index}} of {{node}} is SPI {{actual}}, the SPI QEMU delivers for host interrupt {{other}} of {{sysfs}}; host interrupt {{index}} ({{host}}) comes as SPI {{expected}}: the guest lists the lines in another order than the host',
  otherLine:
    'interrupt {{index}} of {{node}} is SPI {{actual}}, the SPI QEMU delivers for host interrupt {{other}} of {{sysfs}}; host interrupt {{index}} ({{host}}) comes as SPI {{expected}}',
  swapped:
    'interrupts {{index}} and {{other}} of {{node}} are swapped: QEMU delivers host interrupt {{index}} of {{sysfs}} ({{host}}) as SPI {{expected}} and host interrupt {{other}} ({{otherHost}}) as SPI {{otherExpected}}, and the guest lists them the other way round',
  extra: 'interrupt {{index}} of {{node}} is SPI {{actual}} in the guest, but QEMU delivers {{expected}} for {{sysfs}} ({{spis}}), and SPI {{actual}} is none of them',
  undelivered:
    'interrupt {{index}} of {{node}} is SPI {{actual}} in the guest, but QEMU delivers no interrupt for {{sysfs}}: {{why}}',
  missing:
    'QEMU delivers {{lines}} for {{sysfs}}, but no interrupts entry of {{node}} names {{them}}: the guest driver never requests {{them}}, harmless only if it uses fewer lines than the host; {{carry}}',
  trigger: 'interrupt {{index}} of {{node}} is {{actual}} in the guest, but the host line ({{host}}) is {{hostType}}, which QEMU injects as {{expected}}: {{consequence}}',
  childTrigger:
    'interrupt {{index}} of {{node}}, under {{under}}, is {{actual}} in the guest, but the host line ({{host}}) is {{hostType}}, which QEMU injects as {{expected}}: {{consequence}}; a driver that can do without it copes (phylib polls a PHY whose interrupt it cannot request), others do not; write {{expected}}',
  notSpi: 'interrupt {{index}} of {{node}} is not an SPI (type cell {{type}}): QEMU delivers platform-bus interrupts as SPIs ({{expected}})',
  notGic: 'interrupt {{index}} of {{node}} goes to {{controller}}, not to the GIC: QEMU injects {{sysfs}} interrupts into the GIC only',
  triggerNone:
    'interrupt {{index}} of {{node}} has no trigger type (IRQ_TYPE_NONE) in the guest; the host line ({{host}}) is {{hostType}}, which QEMU injects as {{expected}}: the guest kernel warns ("HW irq ... has invalid type" or a WARN in the GICv3 driver) and the SPI keeps the level configuration its GIC driver gives every SPI at boot, which works for this line; write {{expected}}',
  gicVersion: 'the guest describes a GICv{{guest}}, but QEMU runs with {{qemu}} (a GICv{{expected}}): {{consequence}}',
} as const;

export default definePairRule({
  id: 'interrupt-mismatch',
  level: 'error',
  scope: 'pair',
  summary: "The guest's interrupts for a passed device differ from what QEMU delivers (SPI number, order, trigger)",
  symptoms: [SYMPTOM.noInterrupts, SYMPTOM.noPackets],
  softMessages: ['missing', 'triggerNone', 'childTrigger'],
  messages: MESSAGES,
  check({ pair, report }) {
    for (const d of pair.passed) {
      const g = d.guest?.node;
      if (!g || !d.placement) continue;
      checkDevice(pair, d, g, report);
    }
    checkGicVersion(pair, report);
  },
});

type Report = (descriptor: ReportDescriptor<typeof MESSAGES>) => void;

interface GuestIrq {
  controller?: Node;
  specifier: Cell[];
  at: RelatedLocation['at'];
  /** An empty interrupts-extended entry (`<0>`): an index that maps to nothing, kept as a placeholder. */
  empty?: boolean;
}

/**
 * The guest node's interrupt entries, as of_irq_parse_one reads them (`interrupts-extended` first),
 * or undefined when they cannot be read: no interrupt parent, a bad phandle, a short entry. Those
 * are the interrupt-parent and phandle-args source rules' findings; guessing here would repeat them.
 */
function guestInterrupts(g: Node, pair: PairModel): GuestIrq[] | undefined {
  const extended = getProperty(g, 'interrupts-extended');
  const prop = extended ?? getProperty(g, 'interrupts');
  if (!prop) return [];
  const binding = bindingById(extended ? 'interrupts-extended' : 'interrupts')!;
  const out: GuestIrq[] = [];
  for (const e of splitList(g, prop, binding, pair.guest.split).entries) {
    if (e.problem) return undefined;
    // An empty interrupts-extended entry is an index of its own (of_irq_parse_one reads each index
    // alone; bindings such as apple,admac use `<0>` for outputs not wired to this CPU): kept in place.
    if (e.empty) {
      out.push({ specifier: [], at: e.phandleCell.at, empty: true });
      continue;
    }
    out.push(e.provider ? { controller: e.provider, specifier: e.args, at: e.phandleCell.at } : { specifier: e.args, at: e.phandleCell.at });
  }
  return out;
}

function checkDevice(pair: PairModel, d: PassedDevice, g: Node, report: Report): void {
  const expected = d.placement!.spis;
  const guestIrqs = guestInterrupts(g, pair);
  if (!guestIrqs) return;
  const prop = getProperty(g, 'interrupts-extended') ?? getProperty(g, 'interrupts');
  const notes = qemuNote(d, `-device ${d.qemu ? d.qemu.index + 1 : ''} passes ${d.sysfs}`.replace('-device  ', '-device '));
  const node = who(g);
  // Only a network device has packets to lose.
  const symptom = nodeClass(d.node) === 'ethernet' ? symptomLine(SYMPTOM.noInterrupts, SYMPTOM.noPackets) : SYMPTOM.noInterrupts;
  const hostNote = (j: number): RelatedLocation[] => {
    const hi = d.footprint.interrupts[j];
    return hi ? [{ message: `host interrupt ${j} of ${who(d.node)}`, at: hi.at }] : [];
  };

  // The SPI each guest entry names (undefined: not a GIC SPI, reported per entry below).
  const spis: Array<number | undefined> = guestIrqs.map((gi) => {
    const [type, number] = gi.specifier;
    return gi.controller && isGic(gi.controller) && type && number && cellNumber(type) === 0 ? cellNumber(number) : undefined;
  });
  // With empty entries (placeholders) the driver, not the position, picks which index it uses
  // (admac_probe takes the first index that maps): an entry is right when it names any SPI QEMU
  // delivers for the device. Without them, positions count.
  const placeholders = guestIrqs.some((gi) => gi.empty);
  // SPIs the guest names in their own position: another entry naming one of them repeats that line.
  const inPlace = new Set<number>();
  spis.forEach((spi, i) => {
    if (spi !== undefined && (placeholders ? expected.includes(spi) : spi === expected[i])) inPlace.add(spi);
  });
  // The guest names the delivered lines, in some order: a line out of place is a reorder.
  const guestSet = spis.slice(0, expected.length);
  const reordered = guestSet.length === expected.length && [...guestSet].sort((a, b) => (a ?? -1) - (b ?? -1)).every((spi, k) => spi === [...expected].sort((a, b) => a - b)[k]);
  const named = new Set(spis.filter((s): s is number => s !== undefined));
  // A delivered line a node under the device names is requested too (a PHY under its MAC: phylib
  // requests the PHY's own interrupt), so it is not "never requested".
  walk(g, (n) => {
    if (n === g) return;
    (guestInterrupts(n, pair) ?? []).forEach((gi, k) => {
      const [type, number, flags] = gi.specifier;
      if (!gi.controller || !isGic(gi.controller) || !type || !number || cellNumber(type) !== 0) return;
      const spi = cellNumber(number);
      named.add(spi);
      // Its trigger must fit the delivered line as the device's own entries must.
      const line = expected.indexOf(spi);
      const hi = line >= 0 ? d.footprint.interrupts[line] : undefined;
      if (flags && hi?.flags !== undefined) {
        checkTrigger(k, who(n), flags, hi, notesBesides([...notes, ...hostNote(line)], flags.at), `guest:${nodePath(n)}:interrupts:${k}:type`, SYMPTOM.noInterrupts, report, node);
      }
    });
  });
  // Positions whose entry got an error: their delivered line, if unnamed, is explained there already.
  const reported = new Set<number>();

  guestIrqs.forEach((gi, i) => {
    const subject = `guest:${nodePath(g)}:interrupts:${i}`;
    const related = (j: number): RelatedLocation[] => notesBesides([...notes, ...hostNote(j)], gi.at);
    if (!gi.controller) return;
    if (!isGic(gi.controller)) {
      reported.add(i);
      report({ at: gi.at, messageId: 'notGic', data: { index: i, node, controller: nodePath(gi.controller), sysfs: d.sysfs }, related: related(i), subject, symptom });
      return;
    }
    const [type, number, flags] = gi.specifier;
    if (!type || !number) return;
    if (cellNumber(type) !== 0) {
      reported.add(i);
      const spi = expected[i] ?? expected[0];
      report({ at: type.at, messageId: 'notSpi', data: { index: i, node, type: cellNumber(type), expected: spi !== undefined ? `SPI ${hex(spi)}` : 'none for this device' }, related: related(i), subject, symptom });
      return;
    }
    const spi = cellNumber(number);
    // The host line whose delivered SPI this entry names: its own position, else the line it repeats.
    const line = spi === expected[i] ? i : inPlace.has(spi) ? expected.indexOf(spi) : -1;
    if (line === -1) {
      reported.add(i);
      const other = expected.indexOf(spi);
      const none = expected.length === 0 ? noneDelivered(d) : undefined;
      if (none !== undefined) {
        report({ at: number.at, messageId: 'undelivered', data: { index: i, node, actual: hex(spi), sysfs: d.sysfs, why: none }, related: related(0), subject, symptom });
        return;
      }
      if (i >= expected.length || placeholders) {
        // Past the delivered lines, a delivered SPI out of its place was reported where it stands.
        if (other === -1) {
          const spiList = expected.length > 0 ? `SPI ${expected.map(hex).join(', ')}` : 'no SPI';
          report({ at: number.at, messageId: 'extra', data: { index: i, node, actual: hex(spi), expected: counted(expected.length, 'interrupt'), sysfs: d.sysfs, spis: spiList }, related: related(0), subject, symptom });
        }
        return;
      }
      const host = hostText(d.footprint.interrupts[i]);
      if (other === -1) {
        report({ at: number.at, messageId: 'number', data: { index: i, node, actual: hex(spi), expected: hex(expected[i]!), sysfs: d.sysfs, host }, related: related(i), subject, symptom });
      } else if (spis[other] === expected[i]) {
        // Two entries that name each other's line are one swap: one finding, at the first of them.
        if (other < i) return;
        const otherAt = guestIrqs[other]!.specifier[1]!.at;
        report({
          at: number.at,
          messageId: 'swapped',
          data: { index: i, other, node, sysfs: d.sysfs, host, expected: hex(expected[i]!), otherHost: hostText(d.footprint.interrupts[other]), otherExpected: hex(expected[other]!) },
          related: notesBesides([{ message: `interrupt ${other} of ${node}`, at: otherAt }, ...notes, ...hostNote(i), ...hostNote(other)], number.at),
          subject,
          symptom,
        });
      } else {
        const messageId = reordered ? 'order' : 'otherLine';
        report({ at: number.at, messageId, data: { index: i, node, actual: hex(spi), other, sysfs: d.sysfs, host, expected: hex(expected[i]!) }, related: related(i), subject, symptom });
      }
      return;
    }
    const hi = d.footprint.interrupts[line];
    if (flags && hi?.flags !== undefined) checkTrigger(i, node, flags, hi, notesBesides([...notes, ...hostNote(line)], flags.at), `${subject}:type`, symptom, report);
  });

  // Delivered lines the guest names nowhere: the guest driver may use fewer lines (a warning). A host
  // node that names one line twice (ZynqMP GEM) gets it through the first index only: the guest
  // naming that index's SPI misses nothing by leaving the other unnamed.
  const namedHostLines = new Set<string>();
  expected.forEach((spi, j) => {
    if (named.has(spi)) namedHostLines.add(hostLineKey(d.footprint.interrupts[j]));
  });
  const unnamed: number[] = [];
  expected.forEach((spi, j) => {
    if (!named.has(spi) && !reported.has(j) && !namedHostLines.has(hostLineKey(d.footprint.interrupts[j]))) unnamed.push(j);
  });
  if (unnamed.length > 0) {
    const lines = unnamed.map((j) => `SPI ${hex(expected[j]!)} (host interrupt ${j}, ${hostText(d.footprint.interrupts[j])})`);
    const hostNames = getProperty(d.node, 'interrupt-names');
    const names = hostNames ? (propertyStrings(hostNames) ?? []) : [];
    const carried = unnamed.map((j) => names[j]).filter((n): n is string => n !== undefined);
    const one = unnamed.length === 1;
    const carry =
      carried.length === unnamed.length
        ? `the host's interrupt-names call ${one ? 'it' : 'them'} ${listText(carried.map((n) => `"${n}"`))}`
        : `dtlint cannot tell what ${one ? 'it carries' : 'they carry'} (${hostNames ? `the host's interrupt-names stop before ${one ? 'it' : 'them'}` : 'the host node has no interrupt-names'})`;
    const hostProp = getProperty(d.node, 'interrupts-extended') ?? getProperty(d.node, 'interrupts');
    report({
      at: prop?.at ?? nodeAnchor(pair, pair.guest, g),
      messageId: 'missing',
      data: { node, lines: listText(lines), sysfs: d.sysfs, them: one ? 'it' : 'them', carry },
      related: [...notes, ...(hostProp ? [{ message: 'host interrupts', at: hostProp.at }] : [])],
      subject: `guest:${nodePath(g)}:interrupts`,
      symptom: SYMPTOM.noInterrupts,
    });
  }
}

/**
 * The trigger type the guest must give a delivered line (guestTriggerFor), and what goes wrong
 * otherwise: vfio-platform automasks a level host line, and KVM unmasks it through the resample
 * eventfd only when the guest EOIs a level-configured vGIC interrupt; an edge host line is injected
 * as a pulse, which a level-configured vGIC interrupt may miss; the guest's GIC driver accepts an
 * SPI only as level-high or rising edge (gic_set_type), and an SPI without a type stays level.
 */
function checkTrigger(i: number, node: string, flags: Cell, hi: HostInterrupt, related: RelatedLocation[], subject: string, symptom: string, report: Report, under?: string): void {
  const want = guestTriggerFor(hi.flags!);
  const have = cellNumber(flags) & 0xf;
  if (have === want.flags) return;
  const data = { index: i, node, actual: TRIGGER[have] ?? hex(have), host: hostText(hi), hostType: TRIGGER[hi.flags! & 0xf] ?? hex(hi.flags!), expected: TRIGGER[want.flags]! };
  // IRQ_TYPE_NONE: request_irq sets no type, so the SPI stays level-triggered as the guest's GIC
  // driver configured every SPI at boot (gic_dist_config); the translate step warns.
  const level = have === IRQ_TYPE.LEVEL_HIGH || have === 0;
  if (have === 0 && want.kind === 'level') {
    if (under === undefined) report({ at: flags.at, messageId: 'triggerNone', data, related, subject, symptom: 'none: the line works; the guest kernel logs a warning' });
    return;
  }
  let consequence: string;
  if (!level && have !== IRQ_TYPE.EDGE_RISING) {
    consequence = "the guest's GIC driver accepts only level-high or rising edge for an SPI (gic_set_type returns -EINVAL), so the driver's request_irq fails (\"Setting trigger mode ... failed\")";
  } else if (want.kind === 'level') {
    consequence = 'vfio-platform masks the level host line at each interrupt and KVM unmasks it only when the guest ends a level interrupt, so the guest gets the first interrupt and no more';
  } else {
    consequence = `KVM raises and drops the line at once, so a level interrupt in the guest${have === 0 ? ' (the level configuration an SPI without a type keeps)' : ''} may miss it`;
  }
  if (under !== undefined) {
    // A node under the device (a PHY under its MAC): its driver may cope (phylib polls a PHY whose
    // interrupt it cannot request: phy_request_interrupt falls back to PHY_POLL), so a warning.
    report({ at: flags.at, messageId: 'childTrigger', data: { ...data, under, consequence }, related, subject, symptom });
    return;
  }
  report({
    at: flags.at,
    messageId: 'trigger',
    data: { ...data, consequence },
    related,
    subject,
    symptom,
  });
}

/**
 * Why vfio-platform exposes no interrupt for a device: vfio_platform_irq_init counts the device's
 * interrupts up to the first index platform_get_irq_optional cannot map, so a host node whose entry 0
 * is empty (or unreadable) exposes none, and QEMU wires none.
 */
function noneDelivered(d: PassedDevice): string | undefined {
  if (d.footprint.interrupts.length > 0 || d.footprint.problems.some((p) => p.includes('interrupts'))) return undefined;
  const hostProp = getProperty(d.node, 'interrupts-extended') ?? getProperty(d.node, 'interrupts');
  if (!hostProp) return `the host node ${who(d.node)} has no interrupts`;
  return `vfio-platform counts ${who(d.node)}'s interrupts up to the first index it cannot map (vfio_platform_irq_init), and its ${hostProp.name} entry 0 is empty, so it exposes none; give the host node its line first`;
}

/** One host line: its controller and the specifier cells that number it (not the trigger flags). */
function hostLineKey(irq: HostInterrupt | undefined): string {
  if (!irq) return '';
  const cells = irq.specifier.map((c) => cellNumber(c));
  const size = cells.length >= 3 ? 2 : cells.length === 2 ? 1 : cells.length;
  return `${irq.controller ? nodePath(irq.controller) : '?'}:${cells.slice(0, size).join(' ')}`;
}

function hostText(irq: HostInterrupt | undefined): string {
  if (!irq) return 'no host interrupt';
  const [type, number] = irq.specifier;
  if (irq.controller && isGic(irq.controller) && type && number) return `${cellNumber(type) === 1 ? 'PPI' : 'SPI'} ${cellNumber(number)}`;
  return irq.specifier.map((c) => hex(cellNumber(c))).join(' ');
}

/**
 * The guest's GIC against the version QEMU runs with: gic-version as written, or host/max/no
 * gic-version resolved on the host's GIC as QEMU 7.2 does with KVM (gic-version.ts resolveGic). When
 * QEMU exits instead, or dtlint cannot tell the version, the gic-version rule says so; nothing here.
 */
function checkGicVersion(pair: PairModel, report: Report): void {
  const qemu = pair.qemu?.args;
  if (!qemu?.machine) return;
  const version = qemu.gicVersion;
  const outcome = resolveGic(qemu, pair.host);
  let expected: 2 | 3 | undefined;
  if (outcome?.kind === 'runs') expected = outcome.version;
  // Not resolved (another accelerator) or not known to start: an explicit version is what QEMU builds if it does.
  else if (outcome?.kind !== 'exits' && typeof version === 'number') expected = version === 2 ? 2 : 3;
  const guestGic = firstGic(pair.guest.tree.root);
  const actual = guestGic ? gicVersionOf(guestGic) : undefined;
  if (!expected || !actual || !guestGic || actual === expected) return;
  const compatible = getProperty(guestGic, 'compatible')!;
  const machine = qemu.machine.at[qemu.machine.at.length - 1];
  report({
    at: compatible.at,
    messageId: 'gicVersion',
    data: { guest: actual, qemu: gicVersionText(version), expected, consequence: gicConsequence(actual) },
    related: machine ? [{ message: 'the QEMU machine options', at: machine }] : [],
    subject: `guest:${nodePath(guestGic)}:compatible`,
    symptom: SYMPTOM.noInterrupts,
  });
}

/**
 * What a guest GIC driver of the wrong version meets (Linux 6.12): the GICv3 driver reads the
 * distributor's version (gic_validate_dist_version) and gives up on a GICv2; the GICv2 driver programs
 * a memory-mapped CPU interface, which a QEMU GICv3 does not have, so no interrupt is acknowledged.
 */
function gicConsequence(guestVersion: number): string {
  return guestVersion >= 3
    ? 'the guest\'s GICv3 driver finds no GICv3 distributor ("no distributor detected, giving up"), so the guest has no interrupt controller'
    : 'the guest\'s GICv2 driver programs a memory-mapped CPU interface that a QEMU GICv3 does not have, so no interrupt reaches the guest';
}

function firstGic(root: Node): Node | undefined {
  let found: Node | undefined;
  walk(root, (n) => {
    if (found) return false;
    if (isGic(n)) found = n;
  });
  return found;
}

