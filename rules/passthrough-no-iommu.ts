/** passthrough-no-iommu: a passed device without `iommus`: vfio-platform cannot take it. */
import { getProperty, nodePath } from '../src/dts/query.js';
import { definitionNotes, inactiveOverrides, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';

export default definePairRule({
  id: 'passthrough-no-iommu',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device has no `iommus`: it is in no IOMMU group, so vfio-platform cannot take it',
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  messages: {
    noIommus: '{{device}} ({{sysfs}}) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it',
    noGroup: '{{device}} ({{sysfs}}) is passed through but its iommus puts it in no IOMMU group Linux forms ({{why}}): vfio-platform cannot take it',
  },
  check({ pair, report }) {
    for (const d of pair.passed) {
      const at = nodeAnchor(pair, pair.host, d.node, d);
      const related = notesBesides([
        ...inactiveOverrides(pair.host, d.node, pair.sources).map((o) => ({ message: `an override of ${who(d.node)} here is not active (inside a comment?)`, at: o })),
        ...qemuNote(d),
        ...definitionNotes(pair, d.node),
      ], at);
      const iommus = getProperty(d.node, 'iommus');
      const symptom = symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
      if (!iommus) {
        report({ at, messageId: 'noIommus', data: { device: who(d.node), sysfs: d.sysfs }, related, symptom, subject: `${d.path}:iommus` });
        continue;
      }
      // A disabled node is in no group either, but passthrough-unknown-device says why.
      if (!d.available || pair.groupsOf(d.node).length > 0) continue;
      const unknownSmmu = pair.iommu.problems.find((p) => p.kind === 'unknown-smmu' && p.entries.some((e) => e.device === d.path));
      const why = unknownSmmu && unknownSmmu.kind === 'unknown-smmu' ? `${unknownSmmu.smmu} is no SMMU Linux's arm-smmu drivers bind` : 'its entries cannot be read';
      report({ at: iommus.at, messageId: 'noGroup', data: { device: who(d.node), sysfs: d.sysfs, why }, related, symptom, subject: `${nodePath(d.node)}:iommus` });
    }
  },
});
