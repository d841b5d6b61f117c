import { describe, expect, it } from '@jest/globals';
import { effectiveSmr, iommuGroups, smmuKindOf, smrContains, smrsOverlap, type StreamEntry } from '../../src/passthrough/smmu.js';

const SMMU = '/iommu@51400000';
const v2 = (device: string, streamId: number, mask?: number): StreamEntry<string> => {
  const e: StreamEntry<string> = { device, smmu: SMMU, smmuCompatible: 'arm,mmu-500', streamId, data: device };
  if (mask !== undefined) e.mask = mask;
  return e;
};

describe('smmuKindOf', () => {
  it('knows the arm-smmu and arm-smmu-v3 compatibles', () => {
    expect(smmuKindOf('arm,mmu-500')).toBe('smmu-v2');
    expect(smmuKindOf(['qcom,sdm845-smmu-500', 'qcom,smmu-500', 'arm,mmu-500'])).toBe('smmu-v2');
    expect(smmuKindOf('arm,smmu-v2')).toBe('smmu-v2');
    expect(smmuKindOf('arm,smmu-v3')).toBe('smmu-v3');
    expect(smmuKindOf('fsl,imx8mq-iommu')).toBeUndefined();
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
      ['iommu@51400000:0x11', 'smmu-v2', ['/bus@5b000000/mmc@5b010000', '/bus@5b000000/mmc@5b020000', '/bus@5b000000/mmc@5b030000']],
      ['iommu@51400000:0x12', 'smmu-v2', ['/bus@5b000000/ethernet@5b040000', '/bus@5b000000/ethernet@5b050000']],
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
  it('groups transitively and reports partial SMR overlaps', () => {
    // a=0x10/0x1 covers 0x10,0x11; b=0x11/0x2 covers 0x11,0x13: overlap, neither contains the other.
    // c=0x13 (one cell, mask 0) overlaps b only.
    const a = v2('/a', 0x10, 0x1);
    const b = v2('/b', 0x11, 0x2);
    const c = v2('/c', 0x13);
    const { groups, problems } = iommuGroups([a, b, c]);
    expect(groups.map((g) => [g.id, g.devices])).toEqual([['iommu@51400000:0x10', ['/a', '/b', '/c']]]);
    expect(problems).toEqual([
      { kind: 'smr-conflict', a, b },
      { kind: 'smr-order', container: b, contained: c },
    ]);
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

  it('groups equal SMMUv3 stream IDs and reports that Linux refuses the second device', () => {
    const v3 = (device: string, streamId: number): StreamEntry => ({ device, smmu: '/iommu@2b400000', smmuCompatible: 'arm,smmu-v3', streamId });
    const p = v3('/p', 0x100);
    const q = v3('/q', 0x100);
    const { groups, problems } = iommuGroups([p, q, v3('/r', 0x101)]);
    expect(groups.map((g) => [g.id, g.kind, g.devices])).toEqual([
      ['iommu@2b400000:0x100', 'smmu-v3', ['/p', '/q']],
      ['iommu@2b400000:0x101', 'smmu-v3', ['/r']],
    ]);
    expect(problems).toEqual([{ kind: 'sid-conflict', a: p, b: q }]);
  });

  it('leaves out entries of an SMMU it does not model', () => {
    const e: StreamEntry = { device: '/v', smmu: '/iommu@1', smmuCompatible: 'fsl,imx8mq-iommu', streamId: 1 };
    expect(iommuGroups([e])).toEqual({ groups: [], groupOf: new Map(), problems: [{ kind: 'unknown-smmu', smmu: '/iommu@1', entries: [e] }] });
  });
});
