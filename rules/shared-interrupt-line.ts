/**
 * shared-interrupt-line: a host interrupt line that vfio-platform would have to share. vfio-platform
 * requests every interrupt index of a device when QEMU opens it (vfio_platform_irq_init:
 * `request_irq(hwirq, handler, IRQF_NO_AUTOEN, ...)`, no IRQF_SHARED), and __setup_irq refuses a
 * second action on a line unless both requests say IRQF_SHARED (-EBUSY, "Flags mismatch irq").
 * vfio-platform keeps that error for the index, VFIO_DEVICE_SET_IRQS returns it, and QEMU 7.2 aborts
 * when it wires the index (vfio_start_irqfd_injection / vfio_start_eventfd_injection: abort()).
 *
 * Two entries name the same line when they resolve to the same controller and the same specifier
 * (irq_create_of_mapping returns the one mapping a hwirq has). The GIC's trigger cell is left out
 * (one line whatever the flags); other controllers' cells are compared whole, and through an
 * interrupt nexus (interrupt-map) only within one node, whose unit address the map reads.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import type { ReportDescriptor } from '../src/lint/rule.js';
import { getProperty, isEnabled, nodePath, walk } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { cellNumber, propertyCells, readU32 } from '../src/graph/tree-access.js';
import { qemuNote } from '../src/passthrough/anchors.js';
import type { PairModel, PassedDevice } from '../src/passthrough/pair.js';
import { gicTriggerType, nodeInterrupts, type HostInterrupt } from '../src/passthrough/platform-bus.js';
import { isGic } from '../src/passthrough/platform-providers.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const ABORT =
  'QEMU aborts when it wires that index ("Failed to set up TRIGGER eventfd signaling for interrupt ... VFIO_DEVICE_SET_IRQS failure: Device or resource busy")';

const TRIGGER: Record<number, string> = { 1: 'IRQ_TYPE_EDGE_RISING', 2: 'IRQ_TYPE_EDGE_FALLING', 3: 'IRQ_TYPE_EDGE_BOTH', 4: 'IRQ_TYPE_LEVEL_HIGH', 8: 'IRQ_TYPE_LEVEL_LOW' };
const typeText = (type: number): string => TRIGGER[type] ?? `type ${type}`;
/** What irq_create_fwspec_mapping does with a hwirq mapped once already under another trigger type. */
const NO_MAPPING = 'irq_create_fwspec_mapping: "type mismatch, failed to map hwirq-..."';

const MESSAGES = {
  sameDeviceType: `host interrupts {{first}} and {{index}} of {{node}} name one line ({{line}}) with two trigger types ({{firstType}}, then {{type}}): when QEMU opens the device, vfio-platform maps index {{first}} with its type, and the mapping for index {{index}} fails (${NO_MAPPING}), so it counts the device's interrupts only up to there (vfio_platform_irq_init) and QEMU wires {{exposed}}: the guest gets no interrupt from index {{index}} on; give the host node one entry per line, with the line's trigger type`,
  otherPassedType: `host interrupt {{index}} of {{node}} is the line ({{line}}) that {{other}}, passed as well, has as its interrupt {{otherIndex}}, with another trigger type ({{type}}, there {{otherType}}): the device QEMU opens second cannot map it (${NO_MAPPING}), so vfio-platform exposes its interrupts only up to that index ({{second}}); one host line can go to one passed device only`,
  hostDeviceType: `host interrupt {{index}} of {{node}} is the line ({{line}}) that {{other}}, an enabled host device, has as its interrupt {{otherIndex}}, with another trigger type ({{type}}, there {{otherType}}): whichever maps the line second cannot (${NO_MAPPING}): if a host driver binds {{other}} at boot, vfio-platform exposes the interrupts of {{node}} only up to index {{index}}; disable {{other}} on the host or pass a device whose line is its own`,
  sameDevice: `host interrupts {{first}} and {{index}} of {{node}} are one line ({{line}}): vfio-platform requests every index without IRQF_SHARED when QEMU opens the device, so the request for index {{index}} fails with -EBUSY ("Flags mismatch irq") and ${ABORT}; give the host node one entry per line (an override of {{property}})`,
  otherPassed: `host interrupt {{index}} of {{node}} is the line ({{line}}) that {{other}}, passed as well, has as its interrupt {{otherIndex}}: vfio-platform requests it without IRQF_SHARED for each device, so {{second}} gets -EBUSY for it and ${ABORT}; one host line can go to one passed device only`,
  hostDevice:
    'host interrupt {{index}} of {{node}} is the line ({{line}}) that {{other}}, an enabled host device, has as its interrupt {{otherIndex}}: vfio-platform requests the line without IRQF_SHARED, so if a host driver binds {{other}} and requests it, whichever asks second fails: a host driver that holds the line makes vfio-platform\'s request fail and QEMU abort when it wires that index; once QEMU holds it, the host driver\'s request_irq fails with -EBUSY; disable {{other}} on the host or pass a device whose line is its own',
} as const;

export default definePairRule({
  id: 'shared-interrupt-line',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device names a host interrupt line twice, or shares it with another passed or host device (vfio-platform never requests IRQF_SHARED)',
  symptoms: [SYMPTOM.qemuRefuses, SYMPTOM.noInterrupts],
  softMessages: ['hostDevice', 'hostDeviceType'],
  messages: MESSAGES,
  check({ pair, report }) {
    /** The first passed device and index holding each line, in QEMU's creation order. */
    const holders = new Map<string, { device: PassedDevice; index: number }>();
    for (const d of pair.passed) {
      if (!d.available) continue;
      const prop = getProperty(d.node, 'interrupts-extended') ?? getProperty(d.node, 'interrupts');
      if (!prop) continue;
      const node = who(d.node);
      const subject = (i: number): string => `host:${d.path}:interrupts:${i}`;
      const cut = d.footprint.typeMismatch;
      if (cut) {
        const exposed = cut.index === 1 ? 'its first interrupt only' : `its first ${cut.index} interrupts only`;
        report({
          at: prop.at,
          messageId: 'sameDeviceType',
          data: { first: cut.first, index: cut.index, node, line: lineText(d.footprint.interrupts[cut.first]!), firstType: typeText(cut.firstType), type: typeText(cut.type), exposed },
          related: [{ message: `host interrupt ${cut.first} of ${node}`, at: d.footprint.interrupts[cut.first]!.at }, ...qemuNote(d)],
          subject: subject(cut.index),
          symptom: SYMPTOM.noInterrupts,
        });
      }
      d.footprint.interrupts.forEach((irq, i) => {
        const key = lineKey(irq, d.node);
        if (key === undefined) return;
        const held = holders.get(key);
        if (!held) {
          holders.set(key, { device: d, index: i });
          return;
        }
        const related: RelatedLocation[] = [
          { message: `host interrupt ${held.index} of ${who(held.device.node)}`, at: held.device.footprint.interrupts[held.index]!.at },
          { message: `host interrupt ${i} of ${node}`, at: irq.at },
          ...qemuNote(d),
        ];
        const heldIrq = held.device.footprint.interrupts[held.index]!;
        const type = gicTriggerType(irq);
        const otherType = gicTriggerType(heldIrq);
        if (held.device !== d && type && otherType && type !== otherType) {
          report({
            at: prop.at,
            messageId: 'otherPassedType',
            data: {
              index: i,
              node,
              line: lineText(irq),
              other: who(held.device.node),
              otherIndex: held.index,
              type: typeText(type),
              otherType: typeText(otherType),
              second: d.qemu && held.device.qemu ? `${d.sysfs}, whose -device comes later: QEMU opens devices in creation order` : 'the device opened second',
            },
            related: [...related, ...qemuNote(held.device, `-device of ${held.device.sysfs}`)],
            subject: subject(i),
            symptom: SYMPTOM.noInterrupts,
          });
          return;
        }
        if (held.device === d) {
          report({ at: prop.at, messageId: 'sameDevice', data: { first: held.index, index: i, node, line: lineText(irq), property: prop.name }, related, subject: subject(i), symptom: symptomLine(SYMPTOM.qemuRefuses) });
        } else {
          report({
            at: prop.at,
            messageId: 'otherPassed',
            data: { index: i, node, line: lineText(irq), other: who(held.device.node), otherIndex: held.index, second: d.qemu && held.device.qemu ? `${d.sysfs} (its -device comes later: QEMU opens devices in creation order)` : 'the device opened second' },
            related: [...related, ...qemuNote(held.device, `-device of ${held.device.sysfs}`)],
            subject: subject(i),
            symptom: SYMPTOM.qemuRefuses,
          });
        }
      });
    }
    if (holders.size > 0) checkHostDevices(pair, holders, report);
  },
});

type Report = (descriptor: ReportDescriptor<typeof MESSAGES>) => void;

/** Enabled host devices that are not passed and name a passed device's line: one finding per pair of nodes and line. */
function checkHostDevices(pair: PairModel, holders: ReadonlyMap<string, { device: PassedDevice; index: number }>, report: Report): void {
  const seen = new Set<string>();
  // A cheap first look: a node whose cells hold none of the passed lines' numbers names none of them.
  const numbers = new Set<number>();
  for (const { device, index } of holders.values()) {
    const irq = device.footprint.interrupts[index]!;
    const cells = irq.specifier.map((c) => cellNumber(c));
    // The GIC's number cell; any cell of another controller's specifier.
    for (const v of isGic(irq.controller!) && cells.length >= 3 ? cells.slice(1, 2) : cells) numbers.add(v);
  }
  walk(pair.host.tree.root, (n) => {
    // The walk stops at a disabled node, so an enabled node here is available (isAvailable).
    if (!isEnabled(n) || pair.isPassed(n)) return false;
    const prop = getProperty(n, 'interrupts-extended') ?? getProperty(n, 'interrupts');
    if (!prop || !(propertyCells(prop) ?? []).some((c) => numbers.has(cellNumber(c)))) return;
    const { interrupts } = nodeInterrupts(n, pair.host.split);
    interrupts.forEach((irq, j) => {
      const key = lineKey(irq, n);
      const held = key === undefined ? undefined : holders.get(key);
      if (!held || seen.has(`${nodePath(n)}|${key}`)) return;
      seen.add(`${nodePath(n)}|${key}`);
      const d = held.device;
      const prop = getProperty(d.node, 'interrupts-extended') ?? getProperty(d.node, 'interrupts')!;
      const type = gicTriggerType(d.footprint.interrupts[held.index]!);
      const otherType = gicTriggerType(irq);
      const data = { index: held.index, node: who(d.node), line: lineText(irq), other: who(n), otherIndex: j };
      const base = {
        at: prop.at,
        related: [
          { message: `host interrupt ${j} of ${who(n)}`, at: irq.at },
          { message: `host interrupt ${held.index} of ${who(d.node)}`, at: d.footprint.interrupts[held.index]!.at },
          ...qemuNote(d),
        ],
        subject: `host:${d.path}:interrupts:${held.index}:${nodePath(n)}`,
      };
      if (type && otherType && type !== otherType) {
        report({ ...base, messageId: 'hostDeviceType', data: { ...data, type: typeText(type), otherType: typeText(otherType) }, symptom: SYMPTOM.noInterrupts });
      } else {
        report({ ...base, messageId: 'hostDevice', data, symptom: symptomLine(SYMPTOM.qemuRefuses, SYMPTOM.noInterrupts) });
      }
    });
  });
}

/**
 * The host line an entry resolves to, or undefined when dtlint cannot tell (no controller). Through
 * a nexus the key holds the consumer: interrupt-map matches on its unit address too.
 */
function lineKey(irq: HostInterrupt, owner: Node): string | undefined {
  const c = irq.controller;
  if (!c) return undefined;
  const cells = irq.specifier.map((s) => cellNumber(s));
  // The GIC's third cell is the trigger type: the same SPI with other flags is still one line.
  if (isGic(c) && (readU32(c, '#interrupt-cells') ?? cells.length) >= 3) cells.splice(2, 1);
  const controller = getProperty(c, 'interrupt-controller') ? nodePath(c) : `${nodePath(c)} via ${nodePath(owner)}`;
  return `${controller}|${cells.join(' ')}`;
}

function lineText(irq: HostInterrupt): string {
  const c = irq.controller!;
  const [type, number] = irq.specifier;
  if (isGic(c) && type && number) {
    const t = cellNumber(type);
    if (t === 0 || t === 1) return `${t === 0 ? 'SPI' : 'PPI'} ${cellNumber(number)}`;
  }
  return `${nodePath(c)} <${irq.specifier.map((s) => cellNumber(s)).join(' ')}>`;
}
