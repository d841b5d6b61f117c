/**
 * vfio-iommu-coherency: VFIO registers a device only when its IOMMU reports
 * IOMMU_CAP_CACHE_COHERENCY for it (drivers/vfio/vfio_main.c __vfio_register_dev: "VFIO always sets
 * IOMMU_CACHE because we offer no way for userspace to restore cache coherency"), else -EINVAL, and
 * vfio_platform_probe fails. iommufd_device_bind (drivers/iommu/iommufd/device.c) checks the same
 * capability, so the cdev/iommufd path is no way round. The answer is the IOMMU driver's `capable`
 * op (iommu-drivers.ts coherencyAnswer): arm-smmu wants a `dma-coherent` SMMU node or a coherent
 * device, arm-smmu-v3 a `dma-coherent` SMMU node, and a driver without the op never reports it.
 *
 * Versions (docs/rules/vfio-iommu-coherency.md has how each was checked): the VFIO check came in
 * 5.19; arm-smmu and arm-smmu-v3 reported the capability unconditionally until 6.0. So an error
 * when the host's .config names a kernel at or after the driver's release, a warning ("on Linux X
 * and later") when dtlint does not know the version, nothing for an older kernel.
 */
import type { RelatedLocation } from '../src/dts/diagnostic.js';
import { compatibles } from '../src/dts/query.js';
import { nodeAnchor, qemuNote } from '../src/passthrough/anchors.js';
import { dmaCoherence } from '../src/passthrough/dma-coherence.js';
import { coherencyAnswer, iommuDriverOf, type CoherencyAnswer } from '../src/passthrough/iommu-drivers.js';
import { versionAtLeast } from '../src/passthrough/kconfig.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { deviceIommu, driverOff } from './support/device-iommu.js';
import { definePairRule } from './support/pair-rule.js';
import { who } from './support/pair.js';

const REFUSAL =
  "vfio-platform's probe fails: __vfio_register_dev returns -EINVAL (the kernel logs \"probe with driver vfio-platform failed with error -22\", and writing {{sysfs}} to /sys/bus/platform/drivers/vfio-platform/bind fails with \"Invalid argument\"), no VFIO group file is made for it, and QEMU cannot open the device (\"failed to open /dev/vfio/<group>\" when no other device of its group is bound to vfio); iommufd is no way round (iommufd_device_bind checks the same capability)";

export default definePairRule({
  id: 'vfio-iommu-coherency',
  level: 'error',
  scope: 'pair',
  summary: "VFIO refuses a device whose IOMMU does not report IOMMU_CAP_CACHE_COHERENCY (a non-coherent SMMU and device, or an IOMMU driver without a capable op)",
  symptoms: [SYMPTOM.bindFails, SYMPTOM.qemuRefuses],
  softMessages: ['sinceVersion'],
  messages: {
    refused: `{{device}} ({{sysfs}}): on the host's Linux {{version}}, {{iommu}} ({{driver}}) does not report IOMMU_CAP_CACHE_COHERENCY for it ({{why}}), so ${REFUSAL}; {{fix}}`,
    sinceVersion: `{{device}} ({{sysfs}}): {{iommu}} ({{driver}}) does not report IOMMU_CAP_CACHE_COHERENCY for it ({{why}}); on Linux {{since}} and later ${REFUSAL}; dtlint does not know the host kernel's version (a full .config given to --kconfig names it); {{fix}}`,
  },
  check({ pair, report }) {
    const version = pair.kconfig?.version;
    for (const device of pair.passed) {
      if (!device.available) continue;
      // A device in no group is passthrough-no-iommu's: VFIO never asks the capability.
      // A device behind an IOMMU whose groups dtlint does not model is in a group dtlint cannot name,
      // but the capability is the driver's whatever the group: asked all the same.
      const unmodelled = pair.iommu.problems.flatMap((p) => (p.kind === 'unmodelled' ? p.entries : []));
      const iommu = deviceIommu(pair.groupsOf(device.node).flatMap((g) => g.entries), device.node) ?? deviceIommu(unmodelled, device.node);
      if (!iommu) continue;
      const driver = iommuDriverOf(compatibles(iommu));
      if (!driver) continue;
      // A kernel without the IOMMU driver puts the device in no group: kernel-config's finding.
      if (driverOff(pair.kconfig, driver.kconfig)) continue;
      const answer = coherencyAnswer(driver);
      if (!answer.since) continue;
      if (version && !versionAtLeast(version, answer.since.major, answer.since.minor)) continue;
      const smmu = dmaCoherence(iommu, pair.host.split);
      const own = dmaCoherence(device.node, pair.host.split);
      if (answer.cap === 'smmu-or-device' && (smmu.coherent || own.coherent)) continue;
      if (answer.cap === 'smmu' && smmu.coherent) continue;

      const data = {
        device: who(device.node),
        sysfs: device.sysfs,
        iommu: who(iommu),
        driver: driver.name,
        why: reason(answer, who(iommu), who(device.node), smmu.property, own.property),
        fix: fixFor(answer, who(iommu), driver.name),
      };
      const related: RelatedLocation[] = [{ message: `${who(iommu)}, the IOMMU that answers (${answer.source})`, at: nodeAnchor(pair, pair.host, iommu) }];
      if (smmu.at) related.push({ message: `${smmu.property} for ${who(iommu)}`, at: smmu.at });
      if (version) related.push({ message: `the host kernel is Linux ${version.text}`, at: version.at });
      related.push(...qemuNote(device));
      const at = nodeAnchor(pair, pair.host, device.node, device);
      const subject = `${device.path}:vfio-cache-coherency`;
      const symptom = symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses);
      if (version) report({ at, messageId: 'refused', data: { ...data, version: version.text }, related, subject, symptom });
      else report({ at, messageId: 'sinceVersion', data: { ...data, since: `${answer.since.major}.${answer.since.minor}` }, related, subject, symptom });
    }
  },
});

function reason(answer: CoherencyAnswer, iommu: string, device: string, smmuProp: string | undefined, ownProp: string | undefined): string {
  const smmuWhy = smmuProp === 'dma-noncoherent' ? `${iommu} is dma-noncoherent` : `${iommu} has no dma-coherent`;
  const ownWhy = ownProp === 'dma-noncoherent' ? `${device} is dma-noncoherent` : `${device} has no dma-coherent`;
  switch (answer.cap) {
    case 'smmu-or-device':
      return `${smmuWhy} and ${ownWhy}: arm_smmu_capable reports it for an SMMU with a coherent table walk (dma-coherent on the SMMU node, whatever ID0.CTTW says) or a device whose own DMA is coherent`;
    case 'smmu':
      return `${smmuWhy}: arm-smmu-v3's arm_smmu_capable reports it only for a coherent SMMU (ARM_SMMU_FEAT_COHERENCY, from dma-coherent on the SMMU node), whatever the device is`;
    default:
      return 'the driver has no capable callback, and device_iommu_capable returns false without one, for every device behind it';
  }
}

function fixFor(answer: CoherencyAnswer, iommu: string, driver: string): string {
  switch (answer.cap) {
    case 'smmu-or-device':
      return `only if the SoC's interconnect really makes the SMMU's table walks (or the device's DMA) coherent with the CPU caches (the SoC's reference manual says), say so with dma-coherent on ${iommu} (or on the device); never add it otherwise: Linux would then skip the cache maintenance the hardware needs; else use a host kernel older than 6.1, where arm_smmu_capable reported the capability unconditionally, or carry an out-of-tree patch to arm_smmu_capable`;
    case 'smmu':
      return `only if the SMMU really is coherent (arm_smmu_device_hw_probe warns "IDR0.COHACC overridden by FW configuration" when the DT and the hardware disagree), add dma-coherent to ${iommu}; never add it otherwise; else use a host kernel older than 6.1, where arm-smmu-v3 reported the capability unconditionally, or carry an out-of-tree patch`;
    default:
      return `no devicetree change helps: use a host kernel older than 5.19 (before "vfio: Require that devices support DMA cache coherence") or carry an out-of-tree patch that gives ${driver} a capable callback`;
  }
}
