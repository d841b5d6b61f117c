/** iommu-group-incomplete: an enabled host device shares the IOMMU group of a passed device and is not passed. */
import { nodePath } from '../src/dts/query.js';
import { anchorFor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { isAvailable } from '../src/passthrough/pair.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { listText, who } from './support/pair.js';

export default definePairRule({
  id: 'iommu-group-incomplete',
  level: 'error',
  scope: 'pair',
  summary: "An enabled host device shares a passed device's IOMMU group and is not passed too",
  symptoms: [SYMPTOM.qemuRefuses],
  messages: {
    member:
      '{{member}} shares IOMMU group {{group}} with passed {{passed}} but is not passed: VFIO hands out whole groups only, so QEMU refuses {{sysfs}} (group not viable); pass {{member}} too, or disable it and drop its iommus',
  },
  check({ pair, report }) {
    const reported = new Set<string>();
    for (const group of pair.iommu.groups) {
      const passedEntries = group.entries.filter((e) => e.data && pair.isPassed(e.data.node));
      if (passedEntries.length === 0) continue;
      const passedDevices = [...new Set(passedEntries.map((e) => pair.passedDeviceOf(e.data!.node)!))];
      for (const e of group.entries) {
        const data = e.data;
        if (!data || pair.isPassed(data.node) || !isAvailable(data.node)) continue;
        const key = `${group.id}\0${e.device}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const at = anchorFor(pair, pair.host, data.at, data.node);
        const related = notesBesides(
          [
            ...passedEntries.map((p) => ({ message: `${who(p.data!.node)} is in the same group (stream ID ${hexId(p.streamId, p.mask)})`, at: p.data!.at })),
            ...passedDevices.flatMap((d) => qemuNote(d)),
            ...(at !== data.at ? [{ message: `${who(data.node)}'s iommus`, at: data.at }] : []),
          ],
          at,
        );
        report({
          at,
          messageId: 'member',
          data: { member: who(data.node), group: group.id, passed: listText(passedDevices.map((d) => who(d.node))), sysfs: listText(passedDevices.map((d) => d.sysfs)) },
          related,
          subject: `${nodePath(data.node)}:iommus`,
          symptom: symptomLine(SYMPTOM.qemuRefuses),
        });
      }
    }
  },
});

function hexId(id: number, mask: number | undefined): string {
  return mask === undefined ? `0x${id.toString(16)}` : `0x${id.toString(16)}, mask 0x${mask.toString(16)}`;
}
