import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example, PDIR } from './pair-harness.js';

const ID = 'passthrough-no-iommu';
const run = { rules: [ID] };
const tester = new RuleTester({ scope: 'pair' });
const deletesIommus = () => edit(example('fixed'), 'host.dts', '\t/delete-property/ clocks;\n', '\t/delete-property/ clocks;\n\t/delete-property/ iommus;\n');
/** Passes `names` with --pass. */
const pass = (...names: string[]) => ({ pass: names });

tester.run(ID, {
  valid: [{ name: 'the fixed example: every passed device has iommus', files: example('fixed') }],
  invalid: [
    {
      name: 'the clock gate whose override is inside a comment (the example): at its definition, the hidden override related',
      files: example(),
      errors: [
        {
          messageId: 'noIommus',
          data: { device: 'eth0_lpcg', sysfs: '5b230000.clock-controller' },
          message:
            'eth0_lpcg (5b230000.clock-controller) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use)',
          file: 'acme-a1.dtsi',
          line: 103,
          column: 3,
          endLine: 103,
          endColumn: 39,
          related: [
            { file: 'host.dts', line: 42, column: 1 },
            { file: 'qemu-args.txt', line: 4, column: 13 },
          ],
        },
      ],
    },
    {
      name: 'an active override without iommus points at the override',
      files: edit(
        example('fixed'),
        'host.dts',
        '\tiommus = <&smmu 0x12 0x7f80>;\n\tcompatible = "fsl,dummy";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;',
        '\tcompatible = "fsl,dummy";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;',
      ),
      errors: [{ messageId: 'noIommus', data: { device: 'eth0_lpcg', sysfs: '5b230000.clock-controller' }, file: 'host.dts', line: 44, column: 1 }],
    },
    {
      name: "an override that deletes iommus: at the user's /delete-property/, the deleted entry related",
      files: deletesIommus(),
      errors: [
        {
          messageId: 'iommusDeleted',
          data: { device: 'eth0', sysfs: '5b040000.ethernet' },
          message:
            "eth0 (5b040000.ethernet) is passed through but this override deletes its iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO's unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use); keep the iommus (the host's IOMMU translates the guest's DMA)",
          file: 'host.dts',
          line: 35,
          column: 2,
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages, and symptoms.
describe(`${ID}: related locations and symptom`, () => {
  it('the example: the hidden override and the -device related; the bind fails', () => {
    const f = checkFiles(example(), run).findings[0]!;
    expect(f.at.file).toBe(`${PDIR}/acme-a1.dtsi`);
    expect(f.related.map((x) => x.message)).toEqual(['an override of eth0_lpcg here is not active (inside a comment?)', 'passed to QEMU here']);
    expect(f.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
  });

  it('an override that deletes iommus: the deleted iommus, the -device and the definition related', () => {
    const f = checkFiles(deletesIommus(), run).findings[0]!;
    expect(f.related.map((x) => [x.message, x.at.file.replace(`${PDIR}/`, ''), x.at.line])).toEqual([
      ['the iommus it deletes', 'acme-a1.dtsi', 119],
      ['passed to QEMU here', 'qemu-args.txt', 5],
      ['/bus@5b000000/ethernet@5b040000 is defined here', 'acme-a1.dtsi', 111],
    ]);
  });
});

// Expected results written from Linux 6.12 before running: see docs/rules/passthrough-no-iommu.md, Sources.
describe('R-Car Gen3 (ipmmu-vmsa opts devices in: ipmmu_device_is_allowed)', () => {
  const rcar = (root: string) =>
    socFiles({
      root,
      nodes: [
        'ipmmu_ds0: iommu@ee6c0000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee6c0000 0x1000>; #iommu-cells = <1>; };',
        'ipmmu_ds1: iommu@ee740000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee740000 0x1000>; #iommu-cells = <1>; };',
        'sdhi0: mmc@ee100000 { compatible = "renesas,sdhi-r8a77961"; reg = <0xee100000 0x2000>; iommus = <&ipmmu_ds1 32>; };',
        'avb: ethernet@e6800000 { compatible = "renesas,etheravb-r8a77961"; reg = <0xe6800000 0x800>; iommus = <&ipmmu_ds0 16>; };',
      ],
    });

  tester.run(ID, {
    valid: [{ name: 'the SDHI ee100000.mmc is on the allow list (r8a77961, M3-W+)', files: rcar('"renesas,salvator-xs", "renesas,r8a77961"'), spec: pass('sdhi0') }],
    invalid: [
      {
        name: 'ravb is not on the allow list: ipmmu_of_xlate refuses it, no group (at its iommus)',
        files: rcar('"renesas,salvator-xs", "renesas,r8a77961"'),
        spec: pass('avb'),
        errors: [
          {
            messageId: 'ipmmuAllowlist',
            data: { device: 'avb', sysfs: 'e6800000.ethernet', soc: 'r8a77961', allow: 'ee100000.mmc, ee120000.mmc, ee140000.mmc and ee160000.mmc' },
            message:
              'avb (e6800000.ethernet) is passed through but ipmmu-vmsa on r8a77961 attaches only PCI devices and ee100000.mmc, ee120000.mmc, ee140000.mmc and ee160000.mmc (ipmmu_device_is_allowed): ipmmu_of_xlate refuses e6800000.ethernet, so it is in no IOMMU group and vfio-platform cannot take it',
            file: 'host.dts',
            line: 17,
            column: 106,
            level: 'error',
          },
        ],
      },
      {
        name: 'r8a7796 (M3-W) is on soc_denylist: not even the SDHI is attached',
        files: rcar('"renesas,salvator-x", "renesas,r8a7796"'),
        spec: pass('sdhi0'),
        errors: [
          {
            messageId: 'ipmmuDenied',
            data: { device: 'sdhi0', sysfs: 'ee100000.mmc', soc: 'r8a7796' },
            message:
              'sdhi0 (ee100000.mmc) is passed through but ipmmu-vmsa attaches no device on r8a7796 (soc_denylist in ipmmu_device_is_allowed): it is in no IOMMU group and vfio-platform cannot take it',
            file: 'host.dts',
            line: 16,
            column: 100,
          },
        ],
      },
      {
        name: 'warning: r8a7795 (H3) is denied only at revision ES2.*, which dtlint cannot see',
        files: rcar('"renesas,salvator-xs", "renesas,r8a7795"'),
        spec: pass('sdhi0'),
        errors: [
          {
            messageId: 'ipmmuRevision',
            data: { device: 'sdhi0', sysfs: 'ee100000.mmc', soc: 'r8a7795', revision: 'ES2.*' },
            message:
              'sdhi0 (ee100000.mmc) is passed through on r8a7795: ipmmu-vmsa attaches it unless the SoC revision is ES2.* (soc_denylist), where it is in no IOMMU group and vfio-platform cannot take it; dtlint cannot see the revision',
            file: 'host.dts',
            line: 16,
            column: 100,
            level: 'warning',
          },
        ],
      },
    ],
  });
});

describe('other IOMMUs', () => {
  const rockchip = (status: string) =>
    socFiles({
      root: '"rockchip,rk3399"',
      nodes: [
        `vpu_mmu: iommu@ff650800 { compatible = "rockchip,iommu"; reg = <0xff650800 0x40>; #iommu-cells = <0>;${status} };`,
        'vpu: video-codec@ff650000 { compatible = "rockchip,rk3399-vpu"; reg = <0xff650000 0x800>; iommus = <&vpu_mmu>; };',
      ],
    });

  tester.run(ID, {
    valid: [{ name: 'a rockchip IOMMU with #iommu-cells = <0> gives its master a group', files: rockchip(''), spec: pass('vpu') }],
    invalid: [
      {
        name: 'iommus names a disabled IOMMU (of_iommu_xlate: -ENODEV)',
        files: rockchip(' status = "disabled";'),
        spec: pass('vpu'),
        errors: [
          {
            messageId: 'iommuDisabled',
            data: { device: 'vpu', sysfs: 'ff650000.video-codec', iommu: 'vpu_mmu' },
            message:
              'vpu (ff650000.video-codec) is passed through but its iommus names vpu_mmu, which is disabled: of_iommu_xlate returns -ENODEV, so it is in no IOMMU group and vfio-platform cannot take it; enable vpu_mmu',
            file: 'host.dts',
            line: 15,
            column: 103,
          },
        ],
      },
      {
        name: 'an SoC without any IOMMU (i.MX 8M Plus): still an error',
        files: socFiles({ root: '"fsl,imx8mp-evk", "fsl,imx8mp"', nodes: ['fec: ethernet@30be0000 { compatible = "fsl,imx8mp-fec"; reg = <0x30be0000 0x10000>; };'] }),
        spec: pass('fec'),
        errors: [
          {
            messageId: 'noIommuOnSoc',
            data: { device: 'fec', sysfs: '30be0000.ethernet' },
            message:
              'fec (30be0000.ethernet) is passed through but has no iommus, and the host tree has no enabled IOMMU: no device is in an IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use); KVM passthrough needs an IOMMU',
            file: 'host.dts',
            line: 14,
            column: 3,
            level: 'error',
          },
        ],
      },
      {
        name: 'VFIO\'s no-IOMMU mode on the command line: the bind works, QEMU cannot use the group (still an error, another reason)',
        files: {
          ...socFiles({ root: '"fsl,imx8mp-evk", "fsl,imx8mp"', nodes: ['fec: ethernet@30be0000 { compatible = "fsl,imx8mp-fec"; reg = <0x30be0000 0x10000>; };'] }),
          'host.cmdline': 'root=/dev/mmcblk0p2 vfio.enable_unsafe_noiommu_mode=1\n',
        },
        spec: pass('fec'),
        errors: [
          {
            messageId: 'noiommuMode',
            message:
              'fec (30be0000.ethernet) is passed through but has no iommus, and the host tree has no enabled IOMMU: with vfio.enable_unsafe_noiommu_mode=1 (the --cmdline file) vfio-platform binds it in a vfio-noiommu group and taints the kernel, but QEMU 7.2 cannot use a no-IOMMU group: it opens /dev/vfio/N where the group is /dev/vfio/noiommu-N ("failed to open /dev/vfio/N"), and that container offers no type1 IOMMU; KVM passthrough needs an IOMMU that translates the device\'s DMA',
            file: 'host.dts',
            line: 14,
            column: 3,
            level: 'error',
          },
        ],
      },
      {
        name: 'warning, not "no group": an IOMMU whose groups dtlint does not model (mtk_iommu)',
        files: socFiles({
          root: '"mediatek,mt8195"',
          nodes: [
            'iommu_vdo: iommu@1c01f000 { compatible = "mediatek,mt8195-iommu-vdo"; reg = <0x1c01f000 0x1000>; #iommu-cells = <1>; };',
            'dev: codec@1a020000 { compatible = "mediatek,mt8195-vcodec-enc"; reg = <0x1a020000 0x10000>; iommus = <&iommu_vdo 7>; };',
          ],
        }),
        spec: pass('dev'),
        errors: [
          {
            messageId: 'unmodelled',
            data: { device: 'dev', sysfs: '1a020000.codec', driver: 'mtk_iommu', iommu: 'iommu_vdo', source: 'drivers/iommu/mtk_iommu.c mtk_iommu_device_group' },
            message:
              'dev (1a020000.codec): dtlint does not model how mtk_iommu (iommu_vdo) forms IOMMU groups (drivers/iommu/mtk_iommu.c mtk_iommu_device_group); check /sys/kernel/iommu_groups on the host',
            file: 'host.dts',
            line: 15,
            column: 106,
            level: 'warning',
          },
        ],
      },
    ],
  });
});

describe('Layerscape: U-Boot writes iommus at boot (fdt_fixup_icid), by compatible and address', () => {
  const ls = () =>
    socFiles({
      root: '"fsl,ls1028a-rdb", "fsl,ls1028a"',
      nodes: [
        'smmu: iommu@5000000 { compatible = "arm,mmu-500"; reg = <0x5000000 0x800000>; #iommu-cells = <1>; stream-match-mask = <0x7c00>; };',
        'esdhc: mmc@2140000 { compatible = "fsl,ls1028a-esdhc", "fsl,esdhc"; reg = <0x2140000 0x10000>; };',
      ],
    });
  const renamed = () => {
    const files = ls();
    return { ...files, 'host.dts': `${files['host.dts']}\n&esdhc {\n\tcompatible = "fsl,dummy";\n};\n` };
  };

  tester.run(ID, {
    valid: [],
    invalid: [
      {
        // lx2160_ids.c: the LX2160A's table (its root compatible is fsl,lx2160a, not fsl,ls*).
        name: 'LX2160A, kept compatible: the same warning',
        files: (() => {
          const files = ls();
          return { ...files, 'host.dts': files['host.dts']!.replace('"fsl,ls1028a-rdb", "fsl,ls1028a"', '"fsl,lx2160a-rdb", "fsl,lx2160a"') };
        })(),
        spec: pass('esdhc'),
        errors: [{ messageId: 'bootloaderIommus', line: 15, column: 3, level: 'warning' }],
      },
      {
        name: 'kept compatible: a warning, dtlint does not model the ICID table',
        files: ls(),
        spec: pass('esdhc'),
        errors: [
          {
            messageId: 'bootloaderIommus',
            data: { device: 'esdhc', sysfs: '2140000.mmc', compatibles: '"fsl,ls1028a-esdhc", "fsl,esdhc"' },
            message:
              'esdhc (2140000.mmc) has no iommus in the tree dtlint reads, but on Layerscape U-Boot writes iommus at boot into the nodes its ICID table finds by compatible and address (fdt_fixup_icid, fdt_node_offset_by_compat_reg: any compatible of the node\'s list): if the table names one of "fsl,ls1028a-esdhc", "fsl,esdhc" at this address, the device has a group; dtlint does not model the table, check /sys/kernel/iommu_groups',
            file: 'host.dts',
            line: 15,
            column: 3,
            level: 'warning',
          },
        ],
      },
      {
        name: "renamed compatible in the user's tree: U-Boot no longer finds the node (error)",
        files: renamed(),
        spec: pass('esdhc'),
        errors: [
          {
            messageId: 'noIommusRenamed',
            data: { device: 'esdhc', sysfs: '2140000.mmc', compatible: 'fsl,dummy' },
            message:
              'esdhc (2140000.mmc) is passed through but has no iommus, and an override renames its compatible to "fsl,dummy": U-Boot\'s fdt_fixup_icid finds the nodes it gives iommus by their compatible, so it adds none here: no IOMMU group, vfio-platform cannot take it; write the iommus in the override',
            file: 'host.dts',
            line: 19,
            column: 1,
            level: 'error',
          },
        ],
      },
    ],
  });
});

describe('arm-smmu-v3: a stream ID already in the tree refuses the later master (arm_smmu_insert_master)', () => {
  const v3 = (otherCompatible: string) =>
    socFiles({
      root: '"acme,soc"',
      nodes: [
        'smmu: iommu@2b400000 { compatible = "arm,smmu-v3"; reg = <0x2b400000 0x20000>; #iommu-cells = <1>; };',
        'a: ethernet@10000000 { compatible = "fsl,dummy"; reg = <0x10000000 0x1000>; iommus = <&smmu 0x100>; };',
        `b: ethernet@10010000 { compatible = "${otherCompatible}"; reg = <0x10010000 0x1000>; iommus = <&smmu 0x100>; };`,
      ],
    });

  tester.run(ID, {
    valid: [{ name: 'the other binds no driver (fsl,dummy): it never probes its IOMMU, nothing to report', files: v3('fsl,dummy'), spec: pass('a') }],
    invalid: [
      {
        name: 'both passed: the one bound second has no group (error)',
        files: v3('fsl,dummy'),
        spec: pass('a', 'b'),
        errors: [
          {
            messageId: 'sidTaken',
            data: { device: 'b', sysfs: '10010000.ethernet', sid: '0x100', iommu: 'smmu', other: 'a' },
            message:
              'b (10010000.ethernet) is passed through but its stream ID 0x100 on smmu is also a\'s, passed too: arm_smmu_insert_master refuses whichever of the two vfio-platform binds second ("already in tree"), so that one is in no IOMMU group and vfio-platform cannot take it (b, when they are bound in QEMU\'s -device order); SMMUv3 masters need distinct stream IDs',
            file: 'host.dts',
            line: 16,
            column: 89,
          },
        ],
      },
      {
        name: 'the other stays on the host with a real compatible: a warning (if its driver binds first)',
        files: v3('acme,eth'),
        spec: pass('a'),
        errors: [
          {
            messageId: 'sidMaybeTaken',
            data: { device: 'a', sysfs: '10000000.ethernet', sid: '0x100', iommu: 'smmu', other: 'b', compatible: 'acme,eth' },
            message:
              'a (10000000.ethernet) is passed through but its stream ID 0x100 on smmu is also b\'s: if a host driver binds b (compatible "acme,eth") at boot, arm_smmu_insert_master refuses a when vfio-platform binds it ("already in tree"), so it is in no IOMMU group',
            file: 'host.dts',
            line: 15,
            column: 89,
            level: 'warning',
          },
        ],
      },
    ],
  });
});

describe('arm-smmu: stream-match entries that overlap without one containing the other (arm_smmu_find_sme: -EINVAL)', () => {
  const v2 = (otherCompatible: string) =>
    socFiles({
      root: '"acme,soc"',
      nodes: [
        'smmu: iommu@51400000 { compatible = "arm,mmu-500"; reg = <0x51400000 0x40000>; #iommu-cells = <2>; };',
        'a: ethernet@10000000 { compatible = "fsl,dummy"; reg = <0x10000000 0x1000>; iommus = <&smmu 0x10 0x1>; };',
        `b: ethernet@10010000 { compatible = "${otherCompatible}"; reg = <0x10010000 0x1000>; iommus = <&smmu 0x11 0x2>; };`,
      ],
    });

  tester.run(ID, {
    valid: [],
    invalid: [
      {
        name: 'both passed: the one bound second has no group (error)',
        files: v2('fsl,dummy'),
        spec: pass('a', 'b'),
        errors: [
          {
            messageId: 'smrTaken',
            data: { device: 'b', sysfs: '10010000.ethernet', sid: '0x11/0x2', iommu: 'smmu', other: 'a', otherSid: '0x10/0x1' },
            message:
              "b (10010000.ethernet) is passed through but its stream match 0x11/0x2 on smmu partly overlaps a's (0x10/0x1), passed too: arm_smmu_find_sme refuses whichever of the two vfio-platform binds second (-EINVAL), so that one is in no IOMMU group and vfio-platform cannot take it (b, when they are bound in QEMU's -device order); make the entries equal (one group) or disjoint",
            file: 'host.dts',
            line: 16,
            column: 89,
          },
        ],
      },
      {
        name: 'the other stays on the host with a real compatible: a warning',
        files: v2('acme,eth'),
        spec: pass('a'),
        errors: [{ messageId: 'smrMaybeTaken', line: 15, column: 89, level: 'warning' }],
      },
    ],
  });
});

describe('arm-smmu: a passed entry that strictly contains a host device\'s (arm_smmu_find_sme: the larger one refused when the smaller is in first)', () => {
  // a=0x10/0x3 (0x10-0x13) contains b=0x11/0x0.
  const v2 = (otherCompatible: string) =>
    socFiles({
      root: '"acme,soc"',
      nodes: [
        'smmu: iommu@51400000 { compatible = "arm,mmu-500"; reg = <0x51400000 0x40000>; #iommu-cells = <2>; };',
        'a: ethernet@10000000 { compatible = "fsl,dummy"; reg = <0x10000000 0x1000>; iommus = <&smmu 0x10 0x3>; };',
        `b: ethernet@10010000 { compatible = "${otherCompatible}"; reg = <0x10010000 0x1000>; iommus = <&smmu 0x11 0x0>; };`,
      ],
    });

  tester.run(ID, {
    valid: [
      // b has no driver: it never registers, a's entry is alone.
      { name: 'the contained device has no driver', files: v2('fsl,dummy'), spec: pass('a') },
      // b binds to vfio-platform after a (QEMU's order): b reuses a's entry, one group, both passed.
      { name: 'both passed, the larger one bound first', files: v2('fsl,dummy'), spec: pass('a', 'b') },
      // The passed device is the contained one: it reuses the host device's entry (one group: iommu-group-incomplete's finding).
      { name: 'the passed device is the contained one', files: v2('acme,eth'), spec: pass('b') },
    ],
    invalid: [
      {
        name: 'a host driver may bind the contained device at boot: a warning, not a shared group',
        files: v2('acme,eth'),
        spec: pass('a'),
        errors: [
          {
            messageId: 'smrContainsMaybeTaken',
            message:
              'a (10000000.ethernet) is passed through but its stream match 0x10/0x3 on smmu contains b\'s (0x11/0x0): if a host driver binds b (compatible "acme,eth") at boot, its entry is in first, and arm_smmu_find_sme refuses the larger match of a when vfio-platform binds it (-EINVAL), so it is in no IOMMU group; the two never share a group that way',
            line: 15,
            column: 89,
            level: 'warning',
          },
        ],
      },
      {
        name: 'both passed, the contained one bound first: the larger one has no group (error)',
        files: v2('fsl,dummy'),
        spec: pass('b', 'a'),
        errors: [{ messageId: 'smrContainsTaken', line: 15, column: 89 }],
      },
    ],
  });
});
