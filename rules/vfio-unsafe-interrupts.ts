/**
 * vfio-unsafe-interrupts: since Linux 6.3 VFIO hands out an IOMMU group only when the host can
 * isolate the MSIs of every device in it, which an arm64 platform device without an `msi-parent` on
 * a GICv3 ITS never can, unless `vfio_iommu_type1.allow_unsafe_interrupts=1` (or iommufd's, with
 * its compatibility container). src/passthrough/msi-isolation.ts has the mechanism.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { nodeAnchor, qemuNote } from '../src/passthrough/anchors.js';
import { versionAtLeast } from '../src/passthrough/kconfig.js';
import { cmdlineNotes, paramText, paramVerdict, unseenClause, whereToSet } from '../src/passthrough/module-param.js';
import { containerBackend, hasIsolatedMsi, hostIts, hostPreIts, isPreIts, msiParentController, preItsQuirkBuilt } from '../src/passthrough/msi-isolation.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { unmodelledIommu } from './support/device-iommu.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const CANNOT = '{{device}} ({{sysfs}}): the host cannot isolate the MSIs of IOMMU group {{group}} ({{why}})';

export default definePairRule({
  id: 'vfio-unsafe-interrupts',
  level: 'error',
  scope: 'pair',
  summary: 'Since Linux 6.3 VFIO refuses an IOMMU group without isolated MSIs (every arm64 platform device without an ITS msi-parent) unless allow_unsafe_interrupts=1',
  symptoms: [SYMPTOM.qemuRefuses],
  softMessages: ['module', 'buildUnknown', 'unseen', 'sinceLinux63'],
  messages: {
    missing: `${CANNOT}, and {{cmdline}} {{state}}, which with {{module}} built in nothing else can set: {{refusal}}; add {{param}} to {{place}}`,
    module: `${CANNOT}, and {{cmdline}} {{state}}: with CONFIG_{{symbol}}=m only /etc/modprobe.d (\`options {{module}} allow_unsafe_interrupts=1\`, which dtlint cannot see) can set it instead, else {{refusal}}`,
    buildUnknown: `${CANNOT}, and {{cmdline}} {{state}}: unless {{module}} is a module whose /etc/modprobe.d options set it, {{refusal}}; add {{param}} to {{place}}`,
    unseen: `${CANNOT}, so the host's kernel command line must hold {{param}} (or /etc/modprobe.d, with CONFIG_{{symbol}}=m), else {{refusal}}; {{seen}}`,
    sinceLinux63:
      "{{device}} ({{sysfs}}): since Linux 6.3 VFIO refuses IOMMU group {{group}} unless each of its devices has isolated MSIs (iommu_group_has_isolated_msi) or {{param}} is set, and {{member}} has no msi-parent on the host's GICv3 ITS (before 6.3 the ITS was enough; dtlint does not know the host kernel's version): on 6.3 and later {{refusal}}; {{seen}}",
  },
  check({ pair, report }) {
    const backend = containerBackend(pair.kconfig);
    // No container at all is kernel-config's finding.
    if (!backend) return;
    const verdict = paramVerdict(pair.cmdline, backend.param, backend.build);
    if (verdict.set) return;
    const version = pair.kconfig?.version;
    const quirk = preItsQuirkBuilt(pair.kconfig);
    const its = hostIts(pair.host.tree, quirk);
    const preIts = hostPreIts(pair.host.tree, quirk);
    // The property is on SynQuacer's, TI K3's and AMD Elba's ITS nodes: named by it, not by an SoC.
    const PRE_ITS = 'behind a pre-ITS (socionext,synquacer-pre-its), whose quirk clears MSI isolation (its_enable_quirk_socionext_synquacer)';
    // Before 6.3, irq_domain_check_msi_remap: a probed ITS anywhere on the host let every group pass.
    if (version && !versionAtLeast(version, 6, 3) && its.length > 0) return;
    const param = paramText(backend.param);
    const module = backend.param.module;
    for (const device of pair.passed) {
      if (!device.available) continue;
      // A device in no group is passthrough-no-iommu's: VFIO never gets to the MSI test. A device
      // behind an IOMMU whose groups dtlint does not model is in a group it cannot name: its own MSIs
      // decide all the same (iommu_group_has_isolated_msi needs every member's), the others unknown.
      const groups = pair.groupsOf(device.node);
      const unnamed = groups.length === 0 ? unmodelledIommu(pair, device.node) : undefined;
      if (groups.length === 0 && !unnamed) continue;
      const members: Node[] = [];
      for (const g of groups) for (const e of g.entries) if (e.data && !members.includes(e.data.node)) members.push(e.data.node);
      // Name the passed device itself when it is the one without isolated MSIs.
      const isolated = (m: Node): boolean => hasIsolatedMsi(m, pair.host.split, quirk);
      const exposed = !isolated(device.node) ? device.node : members.find((m) => !isolated(m));
      if (!exposed) continue;
      const member = who(exposed);
      const group = unnamed ? `of ${who(device.node)} on ${nodePath(unnamed)}, whose other members dtlint does not model,` : groups.map((g) => g.id).join(', ');
      const at = nodeAnchor(pair, pair.host, device.node, device);
      const subject = `${device.path}:vfio-msi-isolation`;
      const symptom = SYMPTOM.qemuRefuses;
      const related: RelatedLocation[] = [];
      if (verdict.found) related.push({ message: `${verdict.found.raw} is set here`, at: verdict.found.at });
      else related.push(...cmdlineNotes(pair.cmdline));
      if (version) related.push({ message: `the host kernel is Linux ${version.text}`, at: version.at });
      related.push(...qemuNote(device));
      const seen = pair.cmdline.certain ? `${pair.cmdline.describe} ${verdict.state}` : unseenClause(pair.cmdline, verdict.state);
      if (!version && its.length > 0) {
        report({ at, messageId: 'sinceLinux63', data: { device: who(device.node), sysfs: device.sysfs, group, member, param, refusal: backend.refusal, seen }, related, subject, symptom });
        continue;
      }
      const parent = msiParentController(exposed, pair.host.split);
      const onPreIts = parent !== undefined && isPreIts(parent, quirk);
      const noIsolatingIts = preIts.length > 0 ? `the host's only GICv3 ITS is ${PRE_ITS}` : 'the host has no GICv3 ITS';
      const why = version
        ? versionAtLeast(version, 6, 3)
          ? onPreIts
            ? `Linux ${version.text}: the msi-parent of ${member} is an ITS ${PRE_ITS}`
            : `Linux ${version.text}: ${member} has no msi-parent on ${preIts.length > 0 ? 'an isolating' : 'a'} GICv3 ITS`
          : `Linux ${version.text}: ${noIsolatingIts}`
        : preIts.length > 0
          ? `${noIsolatingIts}, so ${member} has no msi-parent on an isolating one`
          : `no GICv3 ITS on the host, and ${member} has no msi-parent on one`;
      const base = { device: who(device.node), sysfs: device.sysfs, group, why, param, module, symbol: backend.symbol, refusal: backend.refusal };
      const state = { cmdline: pair.cmdline.describe, state: verdict.state };
      const place = whereToSet(pair.kconfig);
      if (verdict.gap === 'missing') report({ at, messageId: 'missing', data: { ...base, ...state, place }, related, subject, symptom });
      else if (verdict.gap === 'module') report({ at, messageId: 'module', data: { ...base, ...state }, related, subject, symptom });
      else if (verdict.gap === 'build-unknown') report({ at, messageId: 'buildUnknown', data: { ...base, ...state, place }, related, subject, symptom });
      else report({ at, messageId: 'unseen', data: { ...base, seen }, related, subject, symptom });
    }
  },
});
