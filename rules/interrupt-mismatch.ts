/**
 * interrupt-mismatch: the guest's interrupts for a passed device differ from what QEMU will deliver
 * (count, SPI number, trigger type), computed from the host node and the -device order; also an
 * interrupt parent that is no interrupt controller, and a guest GIC of the wrong version.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { ReportDescriptor } from '../src/lint/rule.js';
import { getProperty, nodePath, propertyStrings, walk } from '../src/dts/query.js';
import type { Node, Property } from '../src/dts/tree.js';
import { cellTarget, type SplitContext } from '../src/graph/split.js';
import { cellNumber, propertyCells } from '../src/graph/tree-access.js';
import { nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import type { PairModel, PassedDevice } from '../src/passthrough/pair.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { guestTriggerFor, hostFootprint, type HostInterrupt } from '../src/passthrough/platform-bus.js';
import { gicVersionOf, isGic } from '../src/passthrough/platform-providers.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { hex, listText, who } from './support/pair.js';

const TRIGGER: Record<number, string> = { 1: 'IRQ_TYPE_EDGE_RISING', 2: 'IRQ_TYPE_EDGE_FALLING', 3: 'IRQ_TYPE_EDGE_BOTH', 4: 'IRQ_TYPE_LEVEL_HIGH', 8: 'IRQ_TYPE_LEVEL_LOW' };

const MESSAGES = {
  count: '{{node}} has {{actual}} in the guest, but QEMU delivers {{expected}} for {{sysfs}} ({{spis}}), one per host interrupt in host order',
  number: 'interrupt {{index}} of {{node}} is SPI {{actual}} in the guest, but QEMU delivers host interrupt {{index}} of {{sysfs}} ({{host}}) as SPI {{expected}}',
  trigger: 'interrupt {{index}} of {{node}} is {{actual}} in the guest, but the host line ({{host}}) is {{hostType}}, which QEMU injects as {{expected}}',
  notSpi: 'interrupt {{index}} of {{node}} is not an SPI (type cell {{type}}): QEMU delivers platform-bus interrupts as SPIs ({{expected}})',
  notGic: 'interrupt {{index}} of {{node}} goes to {{controller}}, not to the GIC: QEMU injects {{sysfs}} interrupts into the GIC only',
  parentNotController:
    'interrupt-parent of {{holder}} names {{target}}, which is no interrupt controller (a {{what}}): {{devices}} reach the GIC only because Linux walks on to the interrupt-parent of {{via}}; point it at the GIC ({{gic}})',
  noController: 'interrupt-parent of {{holder}} names {{target}}, which is no interrupt controller, and no controller follows: {{devices}} get no interrupts',
  gicVersion: 'the guest describes a GICv{{guest}}, but QEMU runs with gic-version={{qemu}} (a GICv{{expected}}): the guest kernel finds no interrupt controller it can drive',
} as const;

export default definePairRule({
  id: 'interrupt-mismatch',
  level: 'error',
  scope: 'pair',
  summary: "The guest's interrupts for a passed device differ from what QEMU delivers (count, SPI number, trigger)",
  symptoms: [SYMPTOM.noInterrupts, SYMPTOM.noPackets],
  softMessages: ['parentNotController'],
  messages: MESSAGES,
  check({ pair, report }) {
    const parents = new Map<Property, { hop: Hop; devices: PassedDevice[]; parent?: Node; via?: Node }>();
    for (const d of pair.passed) {
      const g = d.guest?.node;
      if (!g) continue;
      const path = interruptPath(g, pair.guest.split);
      path.hops.forEach((hop, i) => {
        if (!hop.target || getProperty(hop.target, '#interrupt-cells')) return;
        const entry = parents.get(hop.property) ?? { hop, devices: [] };
        if (!entry.devices.includes(d)) entry.devices.push(d);
        if (path.parent) entry.parent = path.parent;
        const next = path.hops[i + 1];
        if (next) entry.via = next.holder;
        parents.set(hop.property, entry);
      });
      if (!d.placement) continue;
      checkDevice(pair, d, g, report);
    }

    for (const [property, entry] of parents) {
      const devices = listText(entry.devices.map((d) => who(d.guest!.node)));
      const related: RelatedLocation[] = entry.devices.map((d) => ({ message: `${who(d.guest!.node)} inherits it`, at: nodeAnchor(pair, pair.guest, d.guest!.node) }));
      const target = entry.hop.target!;
      const base = { holder: nodePath(entry.hop.holder), target: `${hex(cellNumber(propertyCells(property)![0]!))} (${nodePath(target)})`, devices };
      const subject = `guest:${nodePath(entry.hop.holder)}:interrupt-parent`;
      if (entry.parent && isGic(entry.parent)) {
        const gic = entry.parent.phandle !== undefined ? `${hex(entry.parent.phandle)}, ${nodePath(entry.parent)}` : nodePath(entry.parent);
        report({ at: property.at, messageId: 'parentNotController', data: { ...base, what: what(target), via: entry.via ? nodePath(entry.via) : '/', gic }, related, subject, symptom: SYMPTOM.noInterrupts });
      } else {
        report({ at: property.at, messageId: 'noController', data: base, related, subject, symptom: SYMPTOM.noInterrupts });
      }
    }

    checkGicVersion(pair, report);
  },
});

type Report = (descriptor: ReportDescriptor<typeof MESSAGES>) => void;

function checkDevice(pair: PairModel, d: PassedDevice, g: Node, report: Report): void {
  const expected = d.placement!.spis;
  const guestIrqs = hostFootprint(g, pair.guest.tree).interrupts;
  const prop = getProperty(g, 'interrupts-extended') ?? getProperty(g, 'interrupts');
  const notes = qemuNote(d, `-device ${d.qemu ? d.qemu.index + 1 : ''} passes ${d.sysfs}`.replace('-device  ', '-device '));
  const node = who(g);
  const symptom = symptomLine(SYMPTOM.noInterrupts, SYMPTOM.noPackets);
  if (guestIrqs.length !== expected.length) {
    report({
      at: prop?.at ?? nodeAnchor(pair, pair.guest, g),
      messageId: 'count',
      data: { node, actual: plural(guestIrqs.length, 'interrupt'), expected: expected.length, sysfs: d.sysfs, spis: expected.length > 0 ? `SPI ${expected.map(hex).join(', ')}` : 'none' },
      related: [...notes, ...(getProperty(d.node, 'interrupts') ? [{ message: 'host interrupts', at: getProperty(d.node, 'interrupts')!.at }] : [])],
      subject: `guest:${nodePath(g)}:interrupts`,
      symptom,
    });
  }
  const n = Math.min(guestIrqs.length, expected.length);
  for (let i = 0; i < n; i++) {
    const gi = guestIrqs[i]!;
    const hi = d.footprint.interrupts[i];
    const related = notesBesides([...notes, ...(hi ? [{ message: `host interrupt ${i} of ${who(d.node)}`, at: hi.at }] : [])], gi.at);
    const subject = `guest:${nodePath(g)}:interrupts:${i}`;
    if (!gi.controller || !isGic(gi.controller)) {
      report({ at: gi.at, messageId: 'notGic', data: { index: i, node, controller: gi.controller ? nodePath(gi.controller) : 'nothing', sysfs: d.sysfs }, related, subject, symptom });
      continue;
    }
    const [type, number, flags] = gi.specifier;
    if (!type || !number) continue;
    if (cellNumber(type) !== 0) {
      report({ at: type.at, messageId: 'notSpi', data: { index: i, node, type: cellNumber(type), expected: `SPI ${hex(expected[i]!)}` }, related, subject, symptom });
      continue;
    }
    if (cellNumber(number) !== expected[i]) {
      report({ at: number.at, messageId: 'number', data: { index: i, node, actual: hex(cellNumber(number)), expected: hex(expected[i]!), sysfs: d.sysfs, host: hostText(hi) }, related, subject, symptom });
    }
    if (flags && hi?.flags !== undefined) {
      const want = guestTriggerFor(hi.flags).flags;
      const have = cellNumber(flags) & 0xf;
      if (have !== want) {
        report({
          at: flags.at,
          messageId: 'trigger',
          data: { index: i, node, actual: TRIGGER[have] ?? hex(have), host: hostText(hi), hostType: TRIGGER[hi.flags & 0xf] ?? hex(hi.flags), expected: TRIGGER[want]! },
          related,
          subject: `${subject}:type`,
          symptom,
        });
      }
    }
  }
}

function hostText(irq: HostInterrupt | undefined): string {
  if (!irq) return 'no host interrupt';
  const [type, number] = irq.specifier;
  if (irq.controller && isGic(irq.controller) && type && number) return `${cellNumber(type) === 1 ? 'PPI' : 'SPI'} ${cellNumber(number)}`;
  return irq.specifier.map((c) => hex(cellNumber(c))).join(' ');
}

function checkGicVersion(pair: PairModel, report: Report): void {
  const qemu = pair.qemu?.args;
  const version = qemu?.gicVersion;
  if (!qemu || version === undefined || version === 'max') return;
  const expected = version === 'host' ? firstGic(pair.host.tree.root) && gicVersionOf(firstGic(pair.host.tree.root)!) : version === 2 ? 2 : 3;
  const guestGic = firstGic(pair.guest.tree.root);
  const actual = guestGic ? gicVersionOf(guestGic) : undefined;
  if (!expected || !actual || !guestGic || actual === expected) return;
  const compatible = getProperty(guestGic, 'compatible')!;
  const machine = qemu.machine?.at[qemu.machine.at.length - 1];
  report({
    at: compatible.at,
    messageId: 'gicVersion',
    data: { guest: actual, qemu: String(version), expected },
    related: machine ? [{ message: 'the QEMU machine options', at: machine }] : [],
    subject: `guest:${nodePath(guestGic)}:compatible`,
    symptom: SYMPTOM.noInterrupts,
  });
}

function firstGic(root: Node): Node | undefined {
  let found: Node | undefined;
  walk(root, (n) => {
    if (found) return false;
    if (isGic(n)) found = n;
  });
  return found;
}

interface Hop {
  holder: Node;
  property: Property;
  target?: Node;
}

/** Linux's of_irq_find_parent walk, keeping every `interrupt-parent` it follows. */
function interruptPath(node: Node, ctx: SplitContext): { hops: Hop[]; parent?: Node } {
  const hops: Hop[] = [];
  const seen = new Set<Node>();
  for (let child: Node = node; ; ) {
    seen.add(child);
    const property = getProperty(child, 'interrupt-parent');
    let next: Node | null;
    if (property) {
      const first = propertyCells(property)?.[0];
      const target = first ? cellTarget(first, ctx).node : undefined;
      hops.push(target ? { holder: child, property, target } : { holder: child, property });
      if (!target) return { hops };
      next = target;
    } else next = child.parent;
    if (next && getProperty(next, '#interrupt-cells')) return { hops, parent: next };
    if (!next || seen.has(next)) return { hops };
    child = next;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function what(node: Node): string {
  const type = getProperty(node, 'device_type');
  return type && propertyStrings(type)?.[0] === 'cpu' ? 'CPU' : 'device';
}
