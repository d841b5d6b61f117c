/**
 * passthrough-no-iommu: a passed device that Linux puts in no IOMMU group: vfio-platform cannot take
 * it (vfio_group_find_or_alloc fails without a group). Why there is no group depends on the IOMMU
 * driver (src/passthrough/smmu.ts); for a driver whose groups dtlint does not model it says so, as a
 * warning, instead of claiming "no group".
 */
import type { Location } from '../src/dts/location.js';
import { getProperty, propertyStrings, walk, compatibles } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { anchorFor, definitionNotes, deletedProperty, inactiveOverrides, inUserFiles, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { compatibleOverridden, memberState } from '../src/passthrough/group-viability.js';
import { IPMMU_ALLOWLIST } from '../src/passthrough/ipmmu.js';
import type { PassedDevice, PairModel } from '../src/passthrough/pair.js';
import { boolParam, cmdlineParam } from '../src/passthrough/cmdline.js';
import { isLayerscape } from '../src/passthrough/layerscape.js';
import { definePairRule } from './support/pair-rule.js';
import { effectiveSmr, type SmmuProblem, type StreamEntry, type TreeStreamSource } from '../src/passthrough/smmu.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';
import { listText } from '../src/dts/message-text.js';

type Problem = SmmuProblem<TreeStreamSource>;

export default definePairRule({
  id: 'passthrough-no-iommu',
  level: 'error',
  scope: 'pair',
  summary: 'A passed device is in no IOMMU group (no `iommus`, a disabled IOMMU, a device the IOMMU driver refuses): vfio-platform cannot take it',
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  softMessages: ['sidMaybeTaken', 'smrMaybeTaken', 'smrContainsMaybeTaken', 'ipmmuRevision', 'unmodelled', 'unknownIommu', 'bootloaderIommus'],
  messages: {
    noIommus: '{{device}} ({{sysfs}}) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use)',
    iommusDeleted:
      '{{device}} ({{sysfs}}) is passed through but this override deletes its iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use); keep the iommus (the host\'s IOMMU translates the guest\'s DMA)',
    noIommuOnSoc:
      '{{device}} ({{sysfs}}) is passed through but has no iommus, and the host tree has no enabled IOMMU: no device is in an IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use); KVM passthrough needs an IOMMU',
    noiommuMode:
      '{{device}} ({{sysfs}}) is passed through but {{why}}: with {{param}} ({{where}}) vfio-platform binds it in a vfio-noiommu group and taints the kernel, but QEMU 7.2 cannot use a no-IOMMU group: it opens /dev/vfio/N where the group is /dev/vfio/noiommu-N ("failed to open /dev/vfio/N"), and that container offers no type1 IOMMU; KVM passthrough needs an IOMMU that translates the device\'s DMA',
    bootloaderIommus:
      '{{device}} ({{sysfs}}) has no iommus in the tree dtlint reads, but on Layerscape U-Boot writes iommus at boot into the nodes its ICID table finds by compatible and address (fdt_fixup_icid, fdt_node_offset_by_compat_reg: any compatible of the node\'s list): if the table names one of {{compatibles}} at this address, the device has a group; dtlint does not model the table, check /sys/kernel/iommu_groups',
    noIommusRenamed:
      '{{device}} ({{sysfs}}) is passed through but has no iommus, and an override renames its compatible to "{{compatible}}": U-Boot\'s fdt_fixup_icid finds the nodes it gives iommus by their compatible, so it adds none here: no IOMMU group, vfio-platform cannot take it; write the iommus in the override',
    noGroup: '{{device}} ({{sysfs}}) is passed through but its iommus puts it in no IOMMU group Linux forms ({{why}}): vfio-platform cannot take it',
    iommuDisabled:
      '{{device}} ({{sysfs}}) is passed through but its iommus names {{iommu}}, which is disabled: of_iommu_xlate returns -ENODEV, so it is in no IOMMU group and vfio-platform cannot take it; enable {{iommu}}',
    ipmmuAllowlist:
      '{{device}} ({{sysfs}}) is passed through but ipmmu-vmsa on {{soc}} attaches only PCI devices and {{allow}} (ipmmu_device_is_allowed): ipmmu_of_xlate refuses {{sysfs}}, so it is in no IOMMU group and vfio-platform cannot take it',
    ipmmuDenied:
      '{{device}} ({{sysfs}}) is passed through but ipmmu-vmsa attaches no device on {{soc}} (soc_denylist in ipmmu_device_is_allowed): it is in no IOMMU group and vfio-platform cannot take it',
    sidTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream ID {{sid}} on {{iommu}} is also {{other}}\'s, passed too: arm_smmu_insert_master refuses whichever of the two vfio-platform binds second ("already in tree"), so that one is in no IOMMU group and vfio-platform cannot take it ({{device}}, when they are bound in QEMU\'s -device order); SMMUv3 masters need distinct stream IDs',
    sidMaybeTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream ID {{sid}} on {{iommu}} is also {{other}}\'s: if a host driver binds {{other}} (compatible "{{compatible}}") at boot, arm_smmu_insert_master refuses {{device}} when vfio-platform binds it ("already in tree"), so it is in no IOMMU group',
    smrTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream match {{sid}} on {{iommu}} partly overlaps {{other}}\'s ({{otherSid}}), passed too: arm_smmu_find_sme refuses whichever of the two vfio-platform binds second (-EINVAL), so that one is in no IOMMU group and vfio-platform cannot take it ({{device}}, when they are bound in QEMU\'s -device order); make the entries equal (one group) or disjoint',
    smrMaybeTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream match {{sid}} on {{iommu}} partly overlaps {{other}}\'s ({{otherSid}}): if a host driver binds {{other}} (compatible "{{compatible}}") at boot, arm_smmu_find_sme refuses {{device}} when vfio-platform binds it (-EINVAL), so it is in no IOMMU group',
    smrContainsTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream match {{sid}} on {{iommu}} contains {{other}}\'s ({{otherSid}}), passed too and bound first in QEMU\'s -device order: arm_smmu_find_sme reuses an entry only for a match it contains, and refuses a larger one that overlaps it (-EINVAL), so {{device}} is in no IOMMU group and vfio-platform cannot take it; make the entries equal (one group) or disjoint, or bind {{device}} first',
    smrContainsMaybeTaken:
      '{{device}} ({{sysfs}}) is passed through but its stream match {{sid}} on {{iommu}} contains {{other}}\'s ({{otherSid}}): if a host driver binds {{other}} (compatible "{{compatible}}") at boot, its entry is in first, and arm_smmu_find_sme refuses the larger match of {{device}} when vfio-platform binds it (-EINVAL), so it is in no IOMMU group; the two never share a group that way',
    ipmmuRevision:
      '{{device}} ({{sysfs}}) is passed through on {{soc}}: ipmmu-vmsa attaches it unless the SoC revision is {{revision}} (soc_denylist), where it is in no IOMMU group and vfio-platform cannot take it; dtlint cannot see the revision',
    unmodelled: '{{device}} ({{sysfs}}): dtlint does not model how {{driver}} ({{iommu}}) forms IOMMU groups ({{source}}); check /sys/kernel/iommu_groups on the host',
    unknownIommu: '{{device}} ({{sysfs}}): no IOMMU driver dtlint knows binds {{iommu}} (compatible "{{compatible}}"); check /sys/kernel/iommu_groups on the host',
  },
  check({ pair, report }) {
    const noIommuOnSoc = !hasEnabledIommu(pair);
    const layerscape = isLayerscape(pair.host.tree);
    // vfio.enable_unsafe_noiommu_mode=1 (drivers/vfio/group.c vfio_noiommu_group_alloc; module_param_named in vfio_main.c).
    const noiommuParam = cmdlineParam(pair.cmdline, 'vfio.enable_unsafe_noiommu_mode');
    const noiommu = noiommuParam && boolParam(noiommuParam) === true ? noiommuParam : undefined;
    const order = new Map(pair.passed.map((d, i) => [d.path, i]));
    for (const d of pair.passed) {
      const at = nodeAnchor(pair, pair.host, d.node, d);
      const related = notesBesides([
        ...inactiveOverrides(pair.host, d.node, pair.sources).map((o) => ({ message: `an override of ${who(d.node)} here is not active (inside a comment?)`, at: o })),
        ...qemuNote(d),
        ...definitionNotes(pair, d.node),
      ], at);
      const iommus = getProperty(d.node, 'iommus');
      const symptom = symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
      const base = { device: who(d.node), sysfs: d.sysfs };
      const subject = `${d.path}:iommus`;
      if (!iommus) {
        // Layerscape's U-Boot adds iommus to the nodes its ICID table finds (by compatible and address).
        const compat = getProperty(d.node, 'compatible');
        const compatible = compat ? (propertyStrings(compat)?.[0] ?? '') : '';
        if (layerscape && compat && !noIommuOnSoc) {
          const renamed = compatibleOverridden(d.node);
          const compatibles = (propertyStrings(compat) ?? []).map((c) => `"${c}"`).join(', ');
          if (renamed) report({ at, messageId: 'noIommusRenamed', data: { ...base, compatible }, related, symptom, subject });
          else report({ at, messageId: 'bootloaderIommus', data: { ...base, compatibles }, related, symptom, subject });
          continue;
        }
        const deletion = noIommuOnSoc ? undefined : deletedProperty(pair.host, d.node, 'iommus');
        const removed = deletion?.removed ? [{ message: 'the iommus it deletes', at: deletion.removed.at }] : [];
        if (noiommu) {
          // VFIO's no-IOMMU mode on the command line dtlint sees: the bind works, QEMU cannot use the group.
          const userDeletion = deletion && inUserFiles(pair.host, deletion.at) ? deletion.at : undefined;
          const why = userDeletion ? 'this override deletes its iommus' : noIommuOnSoc ? 'has no iommus, and the host tree has no enabled IOMMU' : 'has no iommus';
          const where = userDeletion ?? at;
          report({
            at: where,
            messageId: 'noiommuMode',
            data: { ...base, why, param: `${noiommu.raw}=${noiommu.value ?? ''}`, where: pair.cmdline.describe },
            related: notesBesides([...removed, { message: 'VFIO\'s no-IOMMU mode', at: noiommu.at }, ...related], where),
            symptom: symptomLine(SYMPTOM.qemuRefuses),
            subject,
          });
          continue;
        }
        if (deletion && inUserFiles(pair.host, deletion.at)) {
          // The user's `/delete-property/ iommus;` is the cause: point there, with the entry it removed.
          report({ at: deletion.at, messageId: 'iommusDeleted', data: base, related: notesBesides([...removed, ...related], deletion.at), symptom, subject });
          continue;
        }
        const deleted = deletion ? [{ message: 'its iommus is deleted here', at: deletion.at }, ...removed] : [];
        report({ at, messageId: noIommuOnSoc ? 'noIommuOnSoc' : 'noIommus', data: base, related: notesBesides([...deleted, ...related], at), symptom, subject });
        continue;
      }
      // A disabled node is in no group either, but passthrough-unknown-device says why.
      if (!d.available) continue;
      const problems = pair.iommu.problems.filter((p) => involves(p, d.path));
      const found = reportProblems(pair, d, problems, order);
      for (const f of found) {
        // The entry where the user wrote it, else the user's override of the device (or its -device
        // argument), with the kernel's entry as a related location.
        const fAt = anchorFor(pair, pair.host, f.at, d.node, d);
        const fRelated = fAt === f.at ? related : notesBesides([{ message: `the iommus entry of ${who(d.node)}`, at: f.at }, ...related], fAt);
        // Where dtlint cannot form the group, it cannot tell that anything fails either.
        const unknownGroup = f.messageId === 'unmodelled' || f.messageId === 'unknownIommu';
        const fSymptom = unknownGroup ? 'unknown: dtlint cannot tell the IOMMU group (check /sys/kernel/iommu_groups)' : symptom;
        report({ at: fAt, messageId: f.messageId, data: { ...base, ...f.data }, related: fRelated, symptom: fSymptom, subject } as Parameters<typeof report>[0]);
      }
      if (found.length > 0 || pair.groupsOf(d.node).length > 0) continue;
      report({ at: iommus.at, messageId: 'noGroup', data: { ...base, why: 'its entries cannot be read' }, related, symptom, subject });
    }
  },
});

/** A finding reportProblems found, before the device's common data is added. */
interface Found {
  at: Location;
  messageId:
    | 'iommuDisabled'
    | 'ipmmuAllowlist'
    | 'ipmmuDenied'
    | 'sidTaken'
    | 'sidMaybeTaken'
    | 'smrTaken'
    | 'smrMaybeTaken'
    | 'smrContainsTaken'
    | 'smrContainsMaybeTaken'
    | 'ipmmuRevision'
    | 'unmodelled'
    | 'unknownIommu';
  data: Record<string, string>;
}

/** What leaves `d` without a group (or may), one finding per problem. */
function reportProblems(pair: PairModel, d: PassedDevice, problems: Problem[], order: Map<string, number>): Found[] {
  const found: Found[] = [];
  const emit = (at: Location, messageId: Found['messageId'], data: Record<string, string>): void => {
    found.push({ at, messageId, data });
  };
  for (const p of problems) {
    if (p.kind === 'iommu-disabled') {
      const e = p.entries.find((x) => x.device === d.path)!;
      emit(e.data!.at, 'iommuDisabled', { iommu: who(e.data!.iommu) });
    } else if (p.kind === 'ipmmu-refused') {
      const e = p.entries[0]!;
      if (p.verdict.why === 'soc-denylist') emit(e.data!.at, 'ipmmuDenied', { soc: p.verdict.soc });
      else emit(e.data!.at, 'ipmmuAllowlist', { soc: p.verdict.soc, allow: listText([...IPMMU_ALLOWLIST]) });
    } else if (p.kind === 'ipmmu-revision') {
      emit(p.entries[0]!.data!.at, 'ipmmuRevision', { soc: p.verdict.soc, revision: p.verdict.revision });
    } else if (p.kind === 'unmodelled') {
      const e = p.entries.find((x) => x.device === d.path)!;
      const iommu = e.data!.iommu;
      if (p.driver) emit(e.data!.at, 'unmodelled', { driver: p.driver.name, iommu: who(iommu), source: p.driver.source });
      else emit(e.data!.at, 'unknownIommu', { iommu: who(iommu), compatible: compatibles(iommu)[0] ?? '' });
    } else if (p.kind === 'sid-conflict' || p.kind === 'smr-conflict') {
      const mine = p.a.device === d.path ? p.a : p.b;
      const other = mine === p.a ? p.b : p.a;
      const otherNode = other.data!.node;
      const otherPassed = pair.passedDeviceOf(otherNode);
      const v3 = p.kind === 'sid-conflict';
      // A containment refuses only the larger entry (b), when the contained one is in first.
      const containment = p.kind === 'smr-conflict' && p.containment === true;
      if (containment && mine !== p.b) continue;
      const data = { sid: smrText(mine, v3), otherSid: smrText(other, v3), iommu: who(mine.data!.iommu), other: who(otherNode) };
      if (otherPassed) {
        // Passed devices bind to vfio-platform in QEMU's order; the later one is refused.
        if ((order.get(otherPassed.path) ?? 0) < (order.get(d.path) ?? 0)) emit(mine.data!.at, v3 ? 'sidTaken' : containment ? 'smrContainsTaken' : 'smrTaken', data);
      } else {
        const state = memberState(otherNode);
        // A device without a driver never probes its IOMMU, so it takes no stream ID.
        if (state.state === 'may-bind') {
          emit(mine.data!.at, v3 ? 'sidMaybeTaken' : containment ? 'smrContainsMaybeTaken' : 'smrMaybeTaken', { ...data, compatible: state.compatible });
        }
      }
    }
  }
  return found;
}

/** `0x100` (SMMUv3), `0x12/0x7f80` (SMMUv2 id/mask). */
function smrText(e: StreamEntry<TreeStreamSource>, v3: boolean): string {
  if (v3) return `0x${(e.streamId >>> 0).toString(16)}`;
  const smr = effectiveSmr(e);
  return `0x${smr.id.toString(16)}/0x${smr.mask.toString(16)}`;
}

function involves(p: Problem, device: string): boolean {
  switch (p.kind) {
    case 'sid-conflict':
    case 'smr-conflict':
      return p.a.device === device || p.b.device === device;
    case 'smr-order':
      return false;
    default:
      return p.entries.some((e) => e.device === device);
  }
}

/** Whether the host has any enabled node that is an IOMMU (`#iommu-cells`). */
function hasEnabledIommu(pair: PairModel): boolean {
  let found = false;
  walk(pair.host.tree, (n: Node) => {
    if (found) return false;
    if (getProperty(n, '#iommu-cells') && memberState(n).state !== 'no-device') found = true;
  });
  return found;
}
