import { describe, expect, it } from '@jest/globals';
import { iommuDriverOf } from '../../src/passthrough/iommu-drivers.js';
import { effectiveSmr, iommuGroups, smrContains, smrsOverlap, type StreamEntry } from '../../src/passthrough/smmu.js';

const SMMU = '/iommu@51400000';
const v2 = (device: string, streamId: number, mask?: number): StreamEntry<string> => {
  const e: StreamEntry<string> = { device, smmu: SMMU, smmuCompatible: 'arm,mmu-500', streamId, data: device };
  if (mask !== undefined) e.mask = mask;
  return e;
};

describe('iommuDriverOf', () => {
  it('knows the drivers of Linux 6.12 drivers/iommu by their of_device_id compatibles', () => {
    expect(iommuDriverOf('arm,mmu-500')?.name).toBe('arm-smmu');
    expect(iommuDriverOf(['qcom,sdm845-smmu-500', 'qcom,smmu-500', 'arm,mmu-500'])?.kconfig).toBe('ARM_SMMU');
    expect(iommuDriverOf(['nvidia,tegra194-smmu', 'nvidia,smmu-500'])?.groups).toBe('arm-smmu');
    expect(iommuDriverOf('arm,smmu-v3')?.kconfig).toBe('ARM_SMMU_V3');
    expect(iommuDriverOf('renesas,ipmmu-r8a77961')?.groups).toBe('ipmmu');
    expect(iommuDriverOf(['rockchip,rk3588-iommu', 'rockchip,rk3568-iommu'])?.groups).toBe('per-instance');
    expect(iommuDriverOf('nvidia,tegra210-mc')?.name).toBe('tegra-smmu');
    expect(iommuDriverOf('nvidia,tegra194-mc')).toBeUndefined();
    expect(iommuDriverOf('mediatek,mt8195-iommu-vdo')?.groups).toBe('mtk-iommu');
    expect(iommuDriverOf('fsl,imx8mq-iommu')).toBeUndefined();
  });
});

describe('iommuGroups on upstream Linux 6.12 i.MX 8QM (imx8qm-ss-conn.dtsi)', () => {
  // fec1/fec2 <&smmu 0x12 0x7f80>, usdhc1..3 <&smmu 0x11 0x7f80>
  const entries = [
    v2('/bus@5b000000/mmc@5b010000', 0x11, 0x7f80),
    v2('/bus@5b000000/mmc@5b020000', 0x11, 0x7f80),
    v2('/bus@5b000000/mmc@5b030000', 0x11, 0x7f80),
    v2('/bus@5b000000/ethernet@5b040000', 0x12, 0x7f80),
    v2('/bus@5b000000/ethernet@5b050000', 0x12, 0x7f80),
  ];

  it('puts fec1 and fec2 in one group and the three usdhc in another', () => {
    const { groups, groupOf, problems } = iommuGroups(entries);
    expect(problems).toEqual([]);
    expect(groups.map((g) => [g.id, g.kind, g.devices])).toEqual([
      ['iommu@51400000:0x11', 'arm-smmu', ['/bus@5b000000/mmc@5b010000', '/bus@5b000000/mmc@5b020000', '/bus@5b000000/mmc@5b030000']],
      ['iommu@51400000:0x12', 'arm-smmu', ['/bus@5b000000/ethernet@5b040000', '/bus@5b000000/ethernet@5b050000']],
    ]);
    expect(groupOf.get('/bus@5b000000/ethernet@5b050000')).toBe('iommu@51400000:0x12');
    expect(groups[1]!.entries.map((e) => e.data)).toEqual(['/bus@5b000000/ethernet@5b040000', '/bus@5b000000/ethernet@5b050000']);
  });

  it('0x11 and 0x12 differ in bits the mask 0x7f80 keeps', () => {
    expect(smrsOverlap({ id: 0x11, mask: 0x7f80 }, { id: 0x12, mask: 0x7f80 })).toBe(false);
    expect(smrsOverlap({ id: 0x12, mask: 0x7f80 }, { id: 0x92, mask: 0 })).toBe(true);
  });

  it('is deterministic whatever the input order', () => {
    const a = iommuGroups(entries).groups.map((g) => [g.id, g.devices]);
    const b = iommuGroups([...entries].reverse()).groups.map((g) => [g.id, g.devices]);
    expect(b).toEqual(a);
  });
});

describe('iommuGroups rules', () => {
  it('groups by shared stream-match entries and reports partial SMR overlaps', () => {
    // a=0x10/0x1 covers 0x10,0x11; b=0x11/0x2 covers 0x11,0x13: overlap, neither contains the other.
    // c=0x13 (one cell, mask 0) overlaps b only.
    const a = v2('/a', 0x10, 0x1);
    const b = v2('/b', 0x11, 0x2);
    const c = v2('/c', 0x13);
    const { groups, problems } = iommuGroups([a, b, c]);
    // a and b share no stream-match entry (the later one is refused); b contains c, which reuses b's.
    expect(groups.map((g) => [g.id, g.devices])).toEqual([
      ['iommu@51400000:0x10', ['/a']],
      ['iommu@51400000:0x11', ['/b', '/c']],
    ]);
    expect(problems).toEqual([
      { kind: 'smr-conflict', a, b },
      { kind: 'smr-order', container: b, contained: c },
    ]);
  });

  it('by probe order: a contained entry registered first refuses the larger one; the larger one first, one group', () => {
    // b=0x11/0x2 contains c=0x13/0.
    const b = v2('/b', 0x11, 0x2);
    const c = v2('/c', 0x13);
    // c (a host device, rank 0) in first: b (passed, rank 1) overlaps an entry that does not contain it.
    const later = iommuGroups([b, c], { probeRank: (d) => (d === '/b' ? 1 : 0) });
    expect(later.groups.map((g) => [g.id, g.devices])).toEqual([
      ['iommu@51400000:0x11', ['/b']],
      ['iommu@51400000:0x13', ['/c']],
    ]);
    expect(later.problems).toEqual([{ kind: 'smr-conflict', a: c, b, containment: true }]);
    // b in first: c reuses b's entry, one group, nothing to report.
    const first = iommuGroups([b, c], { probeRank: (d) => (d === '/b' ? 0 : 1) });
    expect(first.groups.map((g) => [g.id, g.devices])).toEqual([['iommu@51400000:0x11', ['/b', '/c']]]);
    expect(first.problems).toEqual([]);
    // The same rank: the order is unknown (grouped, reported).
    expect(iommuGroups([b, c], { probeRank: () => 0 }).problems).toEqual([{ kind: 'smr-order', container: b, contained: c }]);
  });

  it('uses stream-match-mask for one-cell entries', () => {
    const e: StreamEntry = { device: '/d', smmu: SMMU, smmuCompatible: 'arm,smmu-v2', streamId: 0x45, smmuStreamMatchMask: 0xf };
    expect(effectiveSmr(e)).toEqual({ id: 0x45, mask: 0xf });
    expect(smrContains({ id: 0x40, mask: 0xf }, { id: 0x45, mask: 0 })).toBe(true);
  });

  it('keeps SMMU instances apart and merges the entries of one device', () => {
    const other = { ...v2('/x', 0x12, 0x7f80), smmu: '/iommu@52000000' };
    const { groups } = iommuGroups([v2('/m', 0x1), v2('/m', 0x2), v2('/n', 0x2), other]);
    expect(groups.map((g) => [g.id, g.devices])).toEqual([
      ['iommu@51400000:0x1', ['/m', '/n']],
      ['iommu@52000000:0x12', ['/x']],
    ]);
  });

  it('SMMUv3: one group per device; a second device with a stream ID already taken is reported (arm_smmu_insert_master refuses it)', () => {
    const v3 = (device: string, streamId: number): StreamEntry => ({ device, smmu: '/iommu@2b400000', smmuCompatible: 'arm,smmu-v3', streamId });
    const p = v3('/p', 0x100);
    const q = v3('/q', 0x100);
    const { groups, problems } = iommuGroups([p, q, v3('/r', 0x101)]);
    expect(groups.map((g) => [g.id, g.kind, g.devices])).toEqual([
      ['iommu@2b400000:0x100', 'arm-smmu-v3', ['/p']],
      ['iommu@2b400000:0x100', 'arm-smmu-v3', ['/q']],
      ['iommu@2b400000:0x101', 'arm-smmu-v3', ['/r']],
    ]);
    expect(problems).toEqual([{ kind: 'sid-conflict', a: p, b: q }]);
  });

  it('says which IOMMUs it does not model: unknown compatibles and mtk_iommu', () => {
    const e: StreamEntry = { device: '/v', smmu: '/iommu@1', smmuCompatible: 'fsl,imx8mq-iommu', streamId: 1 };
    expect(iommuGroups([e])).toEqual({ groups: [], groupOf: new Map(), problems: [{ kind: 'unmodelled', smmu: '/iommu@1', entries: [e] }] });
    const m: StreamEntry = { device: '/m', smmu: '/iommu@2', smmuCompatible: 'mediatek,mt8195-iommu-vdo', streamId: 1 };
    const r = iommuGroups([m]);
    expect(r.groups).toEqual([]);
    expect(r.problems.map((p) => [p.kind, p.kind === 'unmodelled' ? p.driver?.name : ''])).toEqual([['unmodelled', 'mtk_iommu']]);
  });

  it('mtk_iommu on a SoC with one IOVA region and one bank (mt8183): every master of one M4U in one group; mt2712 (shared page table) not modelled', () => {
    const a: StreamEntry = { device: '/ovl', smmu: '/iommu@10205000', smmuCompatible: 'mediatek,mt8183-m4u', streamId: 0 };
    const b: StreamEntry = { device: '/jpg', smmu: '/iommu@10205000', smmuCompatible: 'mediatek,mt8183-m4u', streamId: 0x80 };
    const b2: StreamEntry = { ...b, streamId: 0x81 };
    const r = iommuGroups([a, b, b2]);
    expect(r.groups.map((g) => [g.id, g.kind, g.devices])).toEqual([['iommu@10205000', 'mtk-iommu', ['/jpg', '/ovl']]]);
    expect(r.problems).toEqual([]);
    const s: StreamEntry = { device: '/s', smmu: '/iommu@10205000', smmuCompatible: 'mediatek,mt2712-m4u', streamId: 0 };
    expect(iommuGroups([s]).problems.map((p) => p.kind)).toEqual(['unmodelled']);
  });

  it('an IOMMU node that is disabled gives its devices no group (of_iommu_xlate: -ENODEV), on every IOMMU they name', () => {
    const off: StreamEntry = { device: '/d', smmu: '/iommu@1', smmuCompatible: 'arm,mmu-500', streamId: 1, iommuAvailable: false };
    const on = v2('/d', 2);
    const r = iommuGroups([off, on, v2('/e', 3)]);
    expect(r.groups.map((g) => g.devices)).toEqual([['/e']]);
    expect(r.problems).toEqual([{ kind: 'iommu-disabled', smmu: '/iommu@1', entries: [off] }]);
  });
});

describe('iommuGroups per driver', () => {
  const at = (smmu: string, smmuCompatible: string, device: string, streamId = 0, deviceName?: string): StreamEntry => ({ device, smmu, smmuCompatible, streamId, ...(deviceName ? { deviceName } : {}) });

  it('rockchip-iommu: one group per IOMMU instance (generic_single_device_group)', () => {
    const r = iommuGroups([at('/iommu@a', 'rockchip,rk3568-iommu', '/vop'), at('/iommu@a', 'rockchip,rk3568-iommu', '/vop2'), at('/iommu@b', 'rockchip,iommu', '/vpu')]);
    expect(r.groups.map((g) => [g.id, g.driver, g.devices])).toEqual([
      ['iommu@a', 'rockchip-iommu', ['/vop', '/vop2']],
      ['iommu@b', 'rockchip-iommu', ['/vpu']],
    ]);
  });

  it('exynos sysmmu: one group per device (generic_device_group)', () => {
    const r = iommuGroups([at('/sysmmu@1', 'samsung,exynos-sysmmu', '/a/g2d@1'), at('/sysmmu@1', 'samsung,exynos-sysmmu', '/a/fimd@2')]);
    expect(r.groups.map((g) => g.devices)).toEqual([['/a/fimd@2'], ['/a/g2d@1']]);
  });

  it('apple-dart: devices sharing a stream ID share a group', () => {
    const r = iommuGroups([at('/dart', 'apple,t8103-dart', '/a', 1), at('/dart', 'apple,t8103-dart', '/b', 1), at('/dart', 'apple,t8103-dart', '/c', 2)]);
    expect(r.groups.map((g) => g.devices)).toEqual([['/a', '/b'], ['/c']]);
  });

  it('tegra-smmu: devices with the same first swgroup share a group', () => {
    const r = iommuGroups([at('/mc', 'nvidia,tegra210-mc', '/sdhci1', 0x19), at('/mc', 'nvidia,tegra210-mc', '/sdhci2', 0x1a), at('/mc', 'nvidia,tegra210-mc', '/x', 0x19)]);
    expect(r.groups.map((g) => g.devices)).toEqual([['/sdhci1', '/x'], ['/sdhci2']]);
  });

  describe('ipmmu-vmsa (R-Car Gen3 opts devices in)', () => {
    const sdhi0 = at('/soc/ipmmu@ee220000', 'renesas,ipmmu-r8a77961', '/soc/mmc@ee100000', 32, 'ee100000.mmc');
    const sdhi2 = at('/soc/ipmmu@ee220000', 'renesas,ipmmu-r8a77961', '/soc/mmc@ee140000', 34, 'ee140000.mmc');
    const ravb = at('/soc/ipmmu@ee660000', 'renesas,ipmmu-r8a77961', '/soc/ethernet@e6800000', 16, 'e6800000.ethernet');

    it('on r8a77961 attaches the SDHI of its allow list, one group per leaf IPMMU, and refuses ravb', () => {
      const r = iommuGroups([sdhi0, sdhi2, ravb], { rootCompatibles: ['renesas,salvator-xs', 'renesas,r8a77961'] });
      expect(r.groups.map((g) => [g.id, g.devices])).toEqual([['ipmmu@ee220000', ['/soc/mmc@ee100000', '/soc/mmc@ee140000']]]);
      expect(r.problems).toEqual([{ kind: 'ipmmu-refused', smmu: '/soc/ipmmu@ee660000', verdict: { allowed: false, soc: 'r8a77961', why: 'not-on-allowlist' }, entries: [ravb] }]);
    });

    it('on r8a7796 (denylist) attaches nothing; on r8a7795 it depends on the revision', () => {
      expect(iommuGroups([sdhi0], { rootCompatibles: ['renesas,r8a7796'] }).problems.map((p) => p.kind)).toEqual(['ipmmu-refused']);
      const h3 = iommuGroups([sdhi0], { rootCompatibles: ['renesas,r8a7795'] });
      expect(h3.groups.map((g) => g.devices)).toEqual([['/soc/mmc@ee100000']]);
      expect(h3.problems.map((p) => p.kind)).toEqual(['ipmmu-revision']);
    });

    it('on a SoC outside R-Car Gen3/Gen4 and RZ/G2 attaches every device', () => {
      expect(iommuGroups([ravb], { rootCompatibles: ['renesas,r8a7790'] }).groups.map((g) => g.devices)).toEqual([['/soc/ethernet@e6800000']]);
    });
  });
});
