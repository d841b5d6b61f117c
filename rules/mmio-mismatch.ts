/**
 * mmio-mismatch: the guest address of a passed device (its `reg` through the buses' `ranges`)
 * differs from the platform-bus slot QEMU gives it, or cannot be computed at all; also devices QEMU
 * cannot place and `--pass` devices the command line forgets.
 */
import { getProperty, nodePath } from '../src/dts/query.js';
import { regEntries, translateAddress } from '../src/graph/address.js';
import { nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { hex, who } from './support/pair.js';

export default definePairRule({
  id: 'mmio-mismatch',
  level: 'error',
  scope: 'pair',
  summary: "The guest address of a passed device differs from the platform-bus slot QEMU gives it",
  symptoms: [SYMPTOM.guestProbeFails, SYMPTOM.qemuRefuses],
  messages: {
    untranslatable: 'the guest address of {{node}} cannot be computed: {{reason}}; QEMU maps {{sysfs}} region {{index}} at {{expected}}, but the guest kernel cannot reach it',
    address: '{{node}} is at guest address {{actual}}, but QEMU maps {{sysfs}} region {{index}} at {{expected}} (-device order: {{order}})',
    size: 'region {{index}} of {{node}} is {{actual}} bytes in the guest, but {{sysfs}} has only {{expected}}: accesses past the end fault',
    regionCount: '{{node}} has {{actual}} in the guest, but vfio-platform exposes {{expected}} regions of {{sysfs}}, one per host reg entry',
    noReg: '{{node}} has no reg in the guest: QEMU maps {{sysfs}} at {{expected}}, but no guest driver can find it',
    placementFailed: '{{message}}: QEMU exits while placing {{sysfs}} on its platform bus ({{base}}, {{size}} bytes)',
    notInQemu: '{{node}} is passed (--pass) but the QEMU command line has no -device vfio-platform for {{sysfs}}: the guest never sees it',
  },
  check({ pair, report }) {
    const failure = pair.allocation?.failure;
    if (failure) {
      const d = pair.passed.find((p) => p.sysfs === failure.device);
      if (d) {
        report({
          at: d.qemu?.at ?? nodeAnchor(pair, pair.host, d.node, d),
          messageId: 'placementFailed',
          data: { message: failure.message, sysfs: d.sysfs, base: hex(pair.geometry.base), size: hex(pair.geometry.size) },
          subject: `qemu:${d.sysfs}:placement`,
          symptom: SYMPTOM.qemuRefuses,
        });
      }
    }
    const order = pair.passed.filter((p) => p.placement).map((p) => p.sysfs).join(', ');
    for (const d of pair.passed) {
      if (pair.qemu && !d.qemu) {
        report({ at: nodeAnchor(pair, pair.host, d.node, d), messageId: 'notInQemu', data: { node: who(d.node), sysfs: d.sysfs }, subject: `${d.path}:qemu`, symptom: SYMPTOM.guestProbeFails });
        continue;
      }
      const g = d.guest?.node;
      const placement = d.placement;
      if (!g || !placement) continue;
      const node = who(g);
      const notes = qemuNote(d);
      const symptom = symptomLine(SYMPTOM.guestProbeFails);
      const entries = regEntries(g);
      const reg = getProperty(g, 'reg');
      if (!Array.isArray(entries) || !reg) {
        if (!reg) report({ at: nodeAnchor(pair, pair.guest, g), messageId: 'noReg', data: { node, sysfs: d.sysfs, expected: hex(placement.slots[0]?.base ?? pair.geometry.base) }, related: notes, subject: `guest:${nodePath(g)}:reg`, symptom });
        continue;
      }
      if (entries.length !== placement.slots.length) {
        report({ at: reg.at, messageId: 'regionCount', data: { node, actual: `${entries.length} reg ${entries.length === 1 ? 'entry' : 'entries'}`, expected: placement.slots.length, sysfs: d.sysfs }, related: notes, subject: `guest:${nodePath(g)}:reg`, symptom });
      }
      const n = Math.min(entries.length, placement.slots.length);
      for (let i = 0; i < n; i++) {
        const entry = entries[i]!;
        const slot = placement.slots[i]!;
        const subject = `guest:${nodePath(g)}:reg:${i}`;
        const t = translateAddress(g, entry.address);
        if (!t.ok) {
          const related = notesBesides([...(t.bus ? [{ message: `${nodePath(t.bus)} is written here`, at: nodeAnchor(pair, pair.guest, t.bus) }] : []), ...notes], entry.at);
          report({ at: entry.at, messageId: 'untranslatable', data: { node, reason: t.reason, sysfs: d.sysfs, index: i, expected: hex(slot.base) }, related, subject, symptom });
          continue;
        }
        if (t.address !== slot.base) {
          report({ at: entry.at, messageId: 'address', data: { node, actual: hex(t.address), sysfs: d.sysfs, index: i, expected: hex(slot.base), order }, related: notes, subject, symptom });
        }
        if (entry.size > slot.size) {
          report({ at: entry.at, messageId: 'size', data: { index: i, node, actual: hex(entry.size), sysfs: d.sysfs, expected: hex(slot.size) }, related: notes, subject: `${subject}:size`, symptom });
        }
      }
    }
  },
});
