/**
 * vfio-iommu-coherency on the fixed example (an arm,mmu-500 SMMU, which the fixed host marks
 * dma-coherent; eth0 and its clock gate in group 0x12, mu2 in 0x13), with the SMMU's dma-coherent
 * removed, a device made coherent, the IOMMU swapped for one whose driver has no `capable` op, and
 * the kernel version from a full .config's header. Expected results written from Linux 6.12 and the
 * version history in docs/rules/vfio-iommu-coherency.md before running.
 */
import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'vfio-iommu-coherency';
const COHERENT_SMMU = '&smmu {\n\tdma-coherent;\n};';

/** The fixed example with `host.config` replaced (undefined: no --kconfig). */
function fixed(config?: string): Files {
  const files = { ...example('fixed') };
  if (config === undefined) delete files['host.config'];
  else files['host.config'] = config;
  return files;
}
/** ... and the SMMU not coherent (the fixed host's closing override removed). */
const nonCoherent = (config?: string): Files => edit(fixed(config), 'host.dts', COHERENT_SMMU, '');
const append = (files: Files, text: string): Files => ({ ...files, 'host.dts': `${files['host.dts']}\n${text}\n` });
/** A full .config of Linux `version`. */
const full = (version: string, iommu = 'CONFIG_ARM_SMMU=y') =>
  ['#', '# Automatically generated file; DO NOT EDIT.', `# Linux/arm64 ${version} Kernel Configuration`, '#', 'CONFIG_KVM=y', 'CONFIG_VFIO=y', 'CONFIG_VFIO_PLATFORM=y', iommu, ''].join('\n');
const only = (name: string) => ({ qemu: undefined, pass: [name] });

/**
 * The SMMU replaced by a sun50i-iommu (no `capable` op; one group per instance, `#iommu-cells = <1>`),
 * each `iommus` rewritten to one cell.
 */
function sun50i(files: Files): Files {
  const out: Files = { ...files };
  for (const name of ['acme-a1.dtsi', 'host.dts']) out[name] = out[name]!.replaceAll(/<&smmu 0x1[23] 0x[0-9a-f]+>/g, '<&smmu 0>');
  out['acme-a1.dtsi'] = out['acme-a1.dtsi']!.replace('compatible = "arm,mmu-500";', 'compatible = "allwinner,sun50i-h6-iommu";').replace('#iommu-cells = <2>;', '#iommu-cells = <1>;');
  return out;
}

/** The SMMU replaced by an MT8195 multimedia IOMMU (mtk_iommu: no `capable` op; its groups dtlint does not model). */
function mt8195(files: Files): Files {
  const out: Files = { ...files };
  for (const name of ['acme-a1.dtsi', 'host.dts']) out[name] = out[name]!.replaceAll(/<&smmu 0x1[23] 0x[0-9a-f]+>/g, '<&smmu 0>');
  out['acme-a1.dtsi'] = out['acme-a1.dtsi']!.replace('compatible = "arm,mmu-500";', 'compatible = "mediatek,mt8195-iommu-vdo";').replace('#iommu-cells = <2>;', '#iommu-cells = <1>;');
  return out;
}

/** The SMMU replaced by an SMMUv3 (`#iommu-cells = <1>`), each `iommus` rewritten to its stream ID. */
function smmuV3(files: Files): Files {
  const out: Files = { ...files };
  for (const name of ['acme-a1.dtsi', 'host.dts']) out[name] = out[name]!.replaceAll(/<&smmu (0x1[23]) 0x[0-9a-f]+>/g, '<&smmu $1>');
  out['acme-a1.dtsi'] = out['acme-a1.dtsi']!.replace('compatible = "arm,mmu-500";', 'compatible = "arm,smmu-v3";').replace('#iommu-cells = <2>;', '#iommu-cells = <1>;');
  return out;
}

const ETH0 = { device: 'eth0', sysfs: '5b040000.ethernet', iommu: 'smmu', driver: 'arm-smmu' };
const ARM_SMMU_WHY =
  'smmu has no dma-coherent and eth0 has no dma-coherent: arm_smmu_capable reports it for an SMMU with a coherent table walk (dma-coherent on the SMMU node, whatever ID0.CTTW says) or a device whose own DMA is coherent';
const ARM_SMMU_FIX =
  "only if the SoC's interconnect really makes the SMMU's table walks (or the device's DMA) coherent with the CPU caches (the SoC's reference manual says), say so with dma-coherent on smmu (or on the device); never add it otherwise: Linux would then skip the cache maintenance the hardware needs; else use a host kernel older than 6.1, where arm_smmu_capable reported the capability unconditionally, or carry an out-of-tree patch to arm_smmu_capable";

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: its SMMU is dma-coherent', files: fixed() },
    { name: 'Linux 6.12 and a coherent SMMU', files: fixed(full('6.12.0')) },
    { name: 'a non-coherent SMMU but a coherent device: arm_smmu_capable takes either', files: append(nonCoherent(full('6.12.0')), '&eth0 {\n\tdma-coherent;\n};'), spec: only('eth0') },
    { name: 'a coherent bus above the device counts (of_dma_is_coherent walks the DMA parents)', files: append(nonCoherent(full('6.12.0')), '&conn {\n\tdma-coherent;\n};'), spec: only('eth0') },
    { name: 'Linux 6.0: arm-smmu still reported the capability unconditionally', files: nonCoherent(full('6.0.19')) },
    { name: 'Linux 5.15 and a driver without capable: VFIO did not ask yet (5.19)', files: sun50i(nonCoherent(full('5.15.0', 'CONFIG_SUN50I_IOMMU=y'))), spec: only('eth0') },
    { name: 'an SMMUv3 marked dma-coherent (ARM_SMMU_FEAT_COHERENCY)', files: smmuV3(fixed(full('6.12.0', 'CONFIG_ARM_SMMU_V3=y'))), spec: only('mu2') },
    { name: 'the IOMMU driver is off in the full config: kernel-config reports that (no group)', files: nonCoherent(full('6.12.0', '# CONFIG_ARM_SMMU is not set')) },
    { name: 'eth0 is in no IOMMU group: passthrough-no-iommu', files: append(nonCoherent(full('6.12.0')), '&eth0 {\n\t/delete-property/ iommus;\n};'), spec: only('eth0') },
  ],
  invalid: [
    {
      // mtk_iommu_ops has no capable: the answer does not depend on the group dtlint cannot form.
      name: 'an IOMMU whose groups dtlint does not model (mtk_iommu on MT8195), Linux 6.12: still an error',
      files: mt8195(nonCoherent(full('6.12.0', 'CONFIG_MTK_IOMMU=y'))),
      spec: only('eth0'),
      errors: [{ messageId: 'refused', level: 'error', file: 'host.dts', line: 29, column: 1 }],
    },
    {
      name: 'Linux 6.12, neither the SMMU nor eth0 coherent: an error',
      files: nonCoherent(full('6.12.0')),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'refused',
          data: { ...ETH0, version: '6.12.0', why: ARM_SMMU_WHY, fix: ARM_SMMU_FIX },
          level: 'error',
          file: 'host.dts',
          line: 29,
          column: 1,
          related: [{ file: 'acme-a1.dtsi', line: 35, column: 2 }, { file: 'host.config', line: 3, column: 1 }],
        },
      ],
    },
    {
      name: 'the version unknown (a fragment): a warning, "on Linux 6.1 and later"',
      files: nonCoherent(example('fixed')['host.config']),
      spec: only('eth0'),
      errors: [{ messageId: 'sinceVersion', data: { ...ETH0, since: '6.1', why: ARM_SMMU_WHY, fix: ARM_SMMU_FIX }, level: 'warning', line: 29, column: 1 }],
    },
    {
      name: 'no --kconfig: a warning for every passed device',
      files: nonCoherent(),
      errors: [
        { messageId: 'sinceVersion', level: 'warning', line: 29, column: 1 },
        { messageId: 'sinceVersion', level: 'warning', line: 44, column: 1 },
        { messageId: 'sinceVersion', level: 'warning', line: 51, column: 1 },
      ],
    },
    {
      name: 'dma-noncoherent on the device does not help either',
      files: append(nonCoherent(full('6.1.0')), '&eth0 {\n\tdma-noncoherent;\n};'),
      spec: only('eth0'),
      // The finding points at the user's last definition of the node: the appended override.
      errors: [{ messageId: 'refused', level: 'error', line: 67, column: 1 }],
    },
    {
      name: 'sun50i-iommu has no capable op: Linux 6.12 refuses every device behind it, coherent or not',
      files: append(sun50i(fixed(full('6.12.0', 'CONFIG_SUN50I_IOMMU=y'))), '&eth0 {\n\tdma-coherent;\n};'),
      spec: only('eth0'),
      errors: [
        {
          messageId: 'refused',
          data: {
            ...ETH0,
            driver: 'sun50i-iommu',
            version: '6.12.0',
            why: 'the driver has no capable callback, and device_iommu_capable returns false without one, for every device behind it',
            fix: 'no devicetree change helps: use a host kernel older than 5.19 (before "vfio: Require that devices support DMA cache coherence") or carry an out-of-tree patch that gives sun50i-iommu a capable callback',
          },
          level: 'error',
          line: 69,
          column: 1,
        },
      ],
    },
    {
      name: 'an SMMUv3 not marked coherent: a coherent device does not help (arm-smmu-v3 asks the SMMU only)',
      files: append(smmuV3(nonCoherent(full('6.12.0', 'CONFIG_ARM_SMMU_V3=y'))), '&mu2 {\n\tdma-coherent;\n};'),
      spec: only('mu2'),
      errors: [
        {
          messageId: 'refused',
          data: {
            device: 'mu2',
            sysfs: '5d1d0000.mailbox',
            iommu: 'smmu',
            driver: 'arm-smmu-v3',
            version: '6.12.0',
            why: "smmu has no dma-coherent: arm-smmu-v3's arm_smmu_capable reports it only for a coherent SMMU (ARM_SMMU_FEAT_COHERENCY, from dma-coherent on the SMMU node), whatever the device is",
            fix: 'only if the SMMU really is coherent (arm_smmu_device_hw_probe warns "IDR0.COHACC overridden by FW configuration" when the DT and the hardware disagree), add dma-coherent to smmu; never add it otherwise; else use a host kernel older than 6.1, where arm-smmu-v3 reported the capability unconditionally, or carry an out-of-tree patch',
          },
          level: 'error',
          line: 67,
          column: 1,
        },
      ],
    },
    {
      name: 'sun50i-iommu, version unknown: "on Linux 5.19 and later"',
      files: sun50i(fixed()),
      spec: only('mu2'),
      errors: [{ messageId: 'sinceVersion', level: 'warning', line: 51, column: 1 }],
    },
  ],
});

describe(ID, () => {
  it('says what the user sees and points at the SMMU', () => {
    const result = checkFiles(nonCoherent(full('6.12.0')), { rules: [ID], spec: only('mu2') });
    const [f] = result.findings;
    expect(result.findings).toHaveLength(1);
    expect(f!.message).toContain('probe with driver vfio-platform failed with error -22');
    expect(f!.message).toContain('5d1d0000.mailbox to /sys/bus/platform/drivers/vfio-platform/bind fails with "Invalid argument"');
    expect(f!.message).toContain('iommufd_device_bind checks the same capability');
    expect(f!.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
    expect(f!.related[0]!.message).toBe('smmu, the IOMMU that answers (drivers/iommu/arm/arm-smmu/arm-smmu.c arm_smmu_capable)');
  });
});
