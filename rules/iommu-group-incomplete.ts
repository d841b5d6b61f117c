/**
 * iommu-group-incomplete: a host device shares the IOMMU group of a passed device, is not passed, and
 * would keep the group from being viable if a host driver binds it (src/passthrough/group-viability.ts:
 * disabled members and members without compatible create no device, placeholder compatibles bind no
 * driver; neither is reported).
 */
import { nodePath } from '../src/dts/query.js';
import { inUserFiles, nodeAnchor, notesBesides, qemuNote, userDefinitions } from '../src/passthrough/anchors.js';
import { memberState } from '../src/passthrough/group-viability.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';
import { listText } from '../src/dts/message-text.js';

export default definePairRule({
  id: 'iommu-group-incomplete',
  level: 'error',
  scope: 'pair',
  summary: "An enabled host device shares a passed device's IOMMU group and is not passed too",
  symptoms: [SYMPTOM.qemuRefuses],
  softMessages: ['memberRenamed'],
  messages: {
    memberRenamed:
      '{{member}} shares IOMMU group {{group}} with passed {{passed}} but is not passed; an override renames its compatible to "{{compatible}}": if a host driver binds {{member}} by it, VFIO finds the group not viable (the host driver holds DMA ownership: iommu_group_dma_owner_claimed) and QEMU refuses {{sysfs}}; if no driver matches it, the group stays viable',
    member:
      '{{member}} (compatible "{{compatible}}") shares IOMMU group {{group}} with passed {{passed}} but is not passed: if a host driver binds {{member}}, VFIO finds the group not viable (the host driver holds DMA ownership: iommu_group_dma_owner_claimed) and QEMU refuses {{sysfs}}; pass {{member}} too, or disable it',
  },
  check({ pair, report }) {
    const reported = new Set<string>();
    for (const group of pair.iommu.groups) {
      const passedEntries = group.entries.filter((e) => e.data && pair.isPassed(e.data.node));
      if (passedEntries.length === 0) continue;
      const passedDevices = [...new Set(passedEntries.map((e) => pair.passedDeviceOf(e.data!.node)!))];
      for (const e of group.entries) {
        const data = e.data;
        if (!data || pair.isPassed(data.node)) continue;
        const state = memberState(data.node);
        if (state.state !== 'may-bind') continue;
        const key = `${group.id}\0${e.device}`;
        if (reported.has(key)) continue;
        reported.add(key);
        // The member's iommus entry where the user wrote it, else the user's override of the member,
        // else the entry in the kernel's tree (more precise than the node's first line).
        const at = inUserFiles(pair.host, data.at) || userDefinitions(pair.host, data.node).length === 0 ? data.at : nodeAnchor(pair, pair.host, data.node);
        const related = notesBesides(
          [
            ...passedEntries.map((p) => ({ message: `${who(p.data!.node)} is in the same group${sameGroupNote(group.kind, p.streamId, p.mask)}`, at: p.data!.at })),
            ...passedDevices.flatMap((d) => qemuNote(d)),
            ...(at !== data.at ? [{ message: `${who(data.node)}'s iommus`, at: data.at }] : []),
          ],
          at,
        );
        report({
          at,
          messageId: state.renamed ? 'memberRenamed' : 'member',
          data: { member: who(data.node), compatible: state.compatible, group: group.id, passed: listText(passedDevices.map((d) => who(d.node))), sysfs: listText(passedDevices.map((d) => d.sysfs)) },
          related,
          subject: `${nodePath(data.node)}:iommus`,
          symptom: symptomLine(SYMPTOM.qemuRefuses),
        });
      }
    }
  },
});

function sameGroupNote(kind: string, id: number, mask: number | undefined): string {
  if (kind === 'per-instance' || kind === 'ipmmu' || kind === 'per-device' || kind === 'mtk-iommu') return '';
  const sid = mask === undefined ? `0x${id.toString(16)}` : `0x${id.toString(16)}, mask 0x${mask.toString(16)}`;
  return ` (${kind === 'tegra-smmu' ? 'swgroup' : 'stream ID'} ${sid})`;
}
