import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'iommu-group-incomplete';
const run = { rules: [ID] };
const tester = new RuleTester({ scope: 'pair' });

tester.run(ID, {
  valid: [
    { name: 'the fixed example: eth1 is disabled and out of the group', files: example('fixed') },
    {
      name: 'a disabled member that keeps its iommus does not count',
      files: edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";\n\t/delete-property/ iommus;\n};', '&eth1 {\n\tstatus = "disabled";\n};'),
    },
  ],
  invalid: [
    {
      name: "eth1 shares eth0's stream ID 0x12 under mask 0x7f80 (the example)",
      files: example(),
      errors: [
        {
          messageId: 'member',
          data: { member: 'eth1', compatible: 'acme,a1-fec', group: 'iommu@51400000:0x12', passed: 'eth0', sysfs: '5b040000.ethernet' },
          message:
            'eth1 (compatible "acme,a1-fec") shares IOMMU group iommu@51400000:0x12 with passed eth0 but is not passed: if a host driver binds eth1, VFIO finds the group not viable (the host driver holds DMA ownership: iommu_group_dma_owner_claimed) and QEMU refuses 5b040000.ethernet; pass eth1 too, or disable it',
          file: 'acme-a1.dtsi',
          line: 143,
          column: 14,
        },
      ],
    },
    {
      name: 'enabling a group member in the fixed pair',
      files: edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";\n\t/delete-property/ iommus;\n};', '&eth1 {\n\tstatus = "okay";\n};'),
      errors: [
        {
          messageId: 'member',
          data: {
            member: 'eth1',
            compatible: 'acme,a1-fec',
            group: 'iommu@51400000:0x12',
            passed: 'eth0_lpcg and eth0',
            sysfs: '5b230000.clock-controller and 5b040000.ethernet',
          },
          file: 'acme-a1.dtsi',
          line: 143,
          column: 14,
        },
      ],
    },
  ],
});

// arm_smmu_find_sme reuses an entry for a new match it contains, and refuses (-EINVAL) a new match
// that overlaps an entry without being inside it. Host drivers bind at boot, vfio-platform later.
describe('arm-smmu: one stream-match entry containing another', () => {
  // big=0x10/0x3 (0x10-0x13) contains small=0x11/0x0.
  const smmuPair = (bigCompatible: string, smallCompatible: string) =>
    socFiles({
      root: '"acme,soc"',
      nodes: [
        'smmu: iommu@51400000 { compatible = "arm,mmu-500"; reg = <0x51400000 0x40000>; #iommu-cells = <2>; };',
        `big: ethernet@10000000 { compatible = "${bigCompatible}"; reg = <0x10000000 0x1000>; iommus = <&smmu 0x10 0x3>; };`,
        `small: ethernet@10010000 { compatible = "${smallCompatible}"; reg = <0x10010000 0x1000>; iommus = <&smmu 0x11 0x0>; };`,
      ],
    });

  tester.run(ID, {
    valid: [
      // The host's small entry is in first: the passed big one is refused, not grouped with it
      // (passthrough-no-iommu's smrContainsMaybeTaken says so).
      { name: 'the passed device holds the larger match', files: smmuPair('fsl,dummy', 'acme,eth'), spec: { pass: ['big'] } },
    ],
    invalid: [
      {
        name: 'the passed device holds the contained match: it reuses the host device\'s entry, one group',
        files: smmuPair('acme,eth', 'fsl,dummy'),
        spec: { pass: ['small'] },
        errors: [{ messageId: 'member', data: { member: 'big', compatible: 'acme,eth', group: 'iommu@51400000:0x10', passed: 'small', sysfs: '10010000.ethernet' }, line: 15, column: 90 }],
      },
    ],
  });
});

// Expected results written from Linux 6.12 before running (docs/rules/iommu-group-incomplete.md, Sources).
describe('R-Car Gen3: one group per leaf IPMMU for the devices ipmmu-vmsa attaches', () => {
  const rcar = (sdhi2: string) =>
    socFiles({
      root: '"renesas,salvator-xs", "renesas,r8a77961"',
      nodes: [
        'ipmmu_ds0: iommu@ee6c0000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee6c0000 0x1000>; #iommu-cells = <1>; };',
        'ipmmu_ds1: iommu@ee740000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee740000 0x1000>; #iommu-cells = <1>; };',
        'sdhi0: mmc@ee100000 { compatible = "renesas,sdhi-r8a77961"; reg = <0xee100000 0x2000>; iommus = <&ipmmu_ds1 32>; };',
        `sdhi2: mmc@ee140000 { ${sdhi2} reg = <0xee140000 0x2000>; iommus = <&ipmmu_ds1 34>; };`,
        'sdhi3: mmc@ee160000 { compatible = "renesas,sdhi-r8a77961"; reg = <0xee160000 0x2000>; iommus = <&ipmmu_ds1 35>; status = "disabled"; };',
        // ravb is not on the allow list: it is in no group, so in no group with sdhi0 either.
        'avb: ethernet@e6800000 { compatible = "renesas,etheravb-r8a77961"; reg = <0xe6800000 0x800>; iommus = <&ipmmu_ds1 16>; };',
      ],
    });
  const spec = { pass: ['sdhi0'] };
  const renamed = () => {
    const files = rcar('compatible = "renesas,sdhi-r8a77961";');
    return { ...files, 'host.dts': `${files['host.dts']}\n&sdhi2 {\n\tcompatible = "acme,sd-reserved";\n};\n` };
  };

  tester.run(ID, {
    valid: [
      { name: 'a member that binds no driver (fsl,dummy) keeps the group viable', files: rcar('compatible = "fsl,dummy";'), spec },
      { name: 'a member with a compatible containing "vfio" keeps the group viable', files: rcar('compatible = "renesas,sdhi-vfio";'), spec },
      { name: 'members that create no device (no compatible, disabled) keep the group viable', files: rcar(''), spec },
    ],
    invalid: [
      {
        name: "sdhi2 (enabled, a real compatible) shares ipmmu_ds1's group with the passed sdhi0",
        files: rcar('compatible = "renesas,sdhi-r8a77961";'),
        spec,
        errors: [
          {
            messageId: 'member',
            data: { member: 'sdhi2', compatible: 'renesas,sdhi-r8a77961', group: 'iommu@ee740000', passed: 'sdhi0', sysfs: 'ee100000.mmc' },
            file: 'host.dts',
            line: 17,
            column: 100,
            related: [{ line: 16, column: 100 }],
          },
        ],
      },
      {
        name: 'a member whose compatible the user renamed to something else: a warning (dtlint cannot tell whether a driver matches it)',
        files: renamed(),
        spec,
        errors: [
          {
            messageId: 'memberRenamed',
            data: { member: 'sdhi2', group: 'iommu@ee740000', passed: 'sdhi0', compatible: 'acme,sd-reserved', sysfs: 'ee100000.mmc' },
            message:
              'sdhi2 shares IOMMU group iommu@ee740000 with passed sdhi0 but is not passed; an override renames its compatible to "acme,sd-reserved": if a host driver binds sdhi2 by it, VFIO finds the group not viable (the host driver holds DMA ownership: iommu_group_dma_owner_claimed) and QEMU refuses ee100000.mmc; if no driver matches it, the group stays viable',
            file: 'host.dts',
            line: 17,
            column: 100,
            level: 'warning',
          },
        ],
      },
    ],
  });

  it("sdhi2's finding names sdhi0 as the group's passed member", () => {
    const r = checkFiles(rcar('compatible = "renesas,sdhi-r8a77961";'), { ...run, spec });
    expect(r.findings[0]!.related.map((x) => [x.message, x.at.line])).toEqual([['sdhi0 is in the same group', 16]]);
  });
});

describe('other drivers', () => {
  tester.run(ID, {
    valid: [
      {
        name: 'arm-smmu-v3 forms no group of two masters with one stream ID (passthrough-no-iommu reports the clash)',
        files: socFiles({
          root: '"acme,soc"',
          nodes: [
            'smmu: iommu@2b400000 { compatible = "arm,smmu-v3"; reg = <0x2b400000 0x20000>; #iommu-cells = <1>; };',
            'a: ethernet@10000000 { compatible = "fsl,dummy"; reg = <0x10000000 0x1000>; iommus = <&smmu 0x100>; };',
            'b: ethernet@10010000 { compatible = "acme,eth"; reg = <0x10010000 0x1000>; iommus = <&smmu 0x100>; };',
          ],
        }),
        spec: { pass: ['a'] },
      },
    ],
    invalid: [
      {
        name: 'rockchip-iommu puts every master of one IOMMU instance in one group',
        files: socFiles({
          root: '"rockchip,rk3399"',
          nodes: [
            'mmu: iommu@ff650800 { compatible = "rockchip,iommu"; reg = <0xff650800 0x40>; #iommu-cells = <0>; };',
            'vpu: video-codec@ff650000 { compatible = "rockchip,rk3399-vpu"; reg = <0xff650000 0x800>; iommus = <&mmu>; };',
            'vdec: video-codec@ff660000 { compatible = "rockchip,rk3399-vdec"; reg = <0xff660000 0x400>; iommus = <&mmu>; };',
          ],
        }),
        spec: { pass: ['vpu'] },
        errors: [
          {
            messageId: 'member',
            data: { member: 'vdec', compatible: 'rockchip,rk3399-vdec', group: 'iommu@ff650800', passed: 'vpu', sysfs: 'ff650000.video-codec' },
            file: 'host.dts',
            line: 16,
            column: 105,
          },
        ],
      },
    ],
  });
});

// What the tester does not compare: the related locations' messages.
describe(`${ID}: related locations`, () => {
  it('the example: eth0 in the same group, and its -device', () => {
    expect(checkFiles(example(), run).findings[0]!.related.map((x) => [x.message, x.at.line])).toEqual([
      ['eth0 is in the same group (stream ID 0x12, mask 0x7f80)', 119],
      ['passed to QEMU here', 5],
    ]);
  });
});
