import { describe, expect, it } from '@jest/globals';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example, findingsOf, PDIR } from './pair-harness.js';

const ID = 'passthrough-no-iommu';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every passed device has iommus', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the clock gate whose override is inside a comment (the example): at its definition, the hidden override related', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'acme-a1.dtsi:103:3 passthrough-no-iommu: eth0_lpcg (5b230000.clock-controller) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it',
      ]);
      const f = r.findings[0]!;
      expect(f.at).toEqual({ file: `${PDIR}/acme-a1.dtsi`, line: 103, column: 3, endLine: 103, endColumn: 39 });
      expect(f.related.map((x) => [x.message, x.at.file.replace(`${PDIR}/`, ''), x.at.line, x.at.column])).toEqual([
        ['an override of eth0_lpcg here is not active (inside a comment?)', 'host.dts', 42, 1],
        ['passed to QEMU here', 'qemu-args.txt', 4, 13],
      ]);
      expect(f.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
    });

    it('an active override without iommus points at the override', () => {
      const files = edit(example('fixed'), 'host.dts', '\tiommus = <&smmu 0x12 0x7f80>;\n\tcompatible = "fsl,dummy";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;', '\tcompatible = "fsl,dummy";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.dts:44:1 passthrough-no-iommu: eth0_lpcg (5b230000.clock-controller) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it',
      ]);
    });

    it('an override that deletes iommus: at the user\'s /delete-property/, the deleted entry related', () => {
      const files = edit(example('fixed'), 'host.dts', '\t/delete-property/ clocks;\n', '\t/delete-property/ clocks;\n\t/delete-property/ iommus;\n');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "host.dts:35:2 passthrough-no-iommu: eth0 (5b040000.ethernet) is passed through but this override deletes its iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it; keep the iommus (the host's IOMMU translates the guest's DMA)",
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.file.replace(`${PDIR}/`, ''), x.at.line])).toEqual([
        ['the iommus it deletes', 'acme-a1.dtsi', 119],
        ['passed to QEMU here', 'qemu-args.txt', 5],
        ['/bus@5b000000/ethernet@5b040000 is defined here', 'acme-a1.dtsi', 111],
      ]);
    });
  });

  // Expected results written from Linux 6.12 before running: see docs/rules/passthrough-no-iommu.md, Sources.
  describe('R-Car Gen3 (ipmmu-vmsa opts devices in: ipmmu_device_is_allowed)', () => {
    const rcar = (root: string, extra: string[] = []) =>
      socFiles({
        root,
        nodes: [
          'ipmmu_ds0: iommu@ee6c0000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee6c0000 0x1000>; #iommu-cells = <1>; };',
          'ipmmu_ds1: iommu@ee740000 { compatible = "renesas,ipmmu-r8a77961"; reg = <0xee740000 0x1000>; #iommu-cells = <1>; };',
          'sdhi0: mmc@ee100000 { compatible = "renesas,sdhi-r8a77961"; reg = <0xee100000 0x2000>; iommus = <&ipmmu_ds1 32>; };',
          'avb: ethernet@e6800000 { compatible = "renesas,etheravb-r8a77961"; reg = <0xe6800000 0x800>; iommus = <&ipmmu_ds0 16>; };',
          ...extra,
        ],
      });
    const run = (...names: string[]) => ({ rules: [ID], spec: { pass: names } });

    it('valid: the SDHI ee100000.mmc is on the allow list (r8a77961, M3-W+)', () => {
      expect(findingsOf(checkFiles(rcar('"renesas,salvator-xs", "renesas,r8a77961"'), run('sdhi0')), ID)).toEqual([]);
    });

    it('invalid: ravb is not on the allow list: ipmmu_of_xlate refuses it, no group (at its iommus)', () => {
      const r = checkFiles(rcar('"renesas,salvator-xs", "renesas,r8a77961"'), run('avb'));
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:17:106 passthrough-no-iommu: avb (e6800000.ethernet) is passed through but ipmmu-vmsa on r8a77961 attaches only PCI devices and ee100000.mmc, ee120000.mmc, ee140000.mmc and ee160000.mmc (ipmmu_device_is_allowed): ipmmu_of_xlate refuses e6800000.ethernet, so it is in no IOMMU group and vfio-platform cannot take it',
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('invalid: r8a7796 (M3-W) is on soc_denylist: not even the SDHI is attached', () => {
      expect(findingsOf(checkFiles(rcar('"renesas,salvator-x", "renesas,r8a7796"'), run('sdhi0')), ID)).toEqual([
        'host.dts:16:100 passthrough-no-iommu: sdhi0 (ee100000.mmc) is passed through but ipmmu-vmsa attaches no device on r8a7796 (soc_denylist in ipmmu_device_is_allowed): it is in no IOMMU group and vfio-platform cannot take it',
      ]);
    });

    it('warning: r8a7795 (H3) is denied only at revision ES2.*, which dtlint cannot see', () => {
      const r = checkFiles(rcar('"renesas,salvator-xs", "renesas,r8a7795"'), run('sdhi0'));
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:16:100 passthrough-no-iommu: sdhi0 (ee100000.mmc) is passed through on r8a7795: ipmmu-vmsa attaches it unless the SoC revision is ES2.* (soc_denylist), where it is in no IOMMU group and vfio-platform cannot take it; dtlint cannot see the revision',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });
  });

  describe('other IOMMUs', () => {
    const run = (...names: string[]) => ({ rules: [ID], spec: { pass: names } });

    it('invalid: iommus names a disabled IOMMU (of_iommu_xlate: -ENODEV)', () => {
      const files = socFiles({
        root: '"rockchip,rk3399"',
        nodes: [
          'vpu_mmu: iommu@ff650800 { compatible = "rockchip,iommu"; reg = <0xff650800 0x40>; #iommu-cells = <0>; status = "disabled"; };',
          'vpu: video-codec@ff650000 { compatible = "rockchip,rk3399-vpu"; reg = <0xff650000 0x800>; iommus = <&vpu_mmu>; };',
        ],
      });
      expect(findingsOf(checkFiles(files, run('vpu')), ID)).toEqual([
        'host.dts:15:103 passthrough-no-iommu: vpu (ff650000.video-codec) is passed through but its iommus names vpu_mmu, which is disabled: of_iommu_xlate returns -ENODEV, so it is in no IOMMU group and vfio-platform cannot take it; enable vpu_mmu',
      ]);
    });

    it('valid: a rockchip IOMMU with #iommu-cells = <0> gives its master a group', () => {
      const files = socFiles({
        root: '"rockchip,rk3399"',
        nodes: [
          'vpu_mmu: iommu@ff650800 { compatible = "rockchip,iommu"; reg = <0xff650800 0x40>; #iommu-cells = <0>; };',
          'vpu: video-codec@ff650000 { compatible = "rockchip,rk3399-vpu"; reg = <0xff650000 0x800>; iommus = <&vpu_mmu>; };',
        ],
      });
      expect(findingsOf(checkFiles(files, run('vpu')), ID)).toEqual([]);
    });

    it('an SoC without any IOMMU (i.MX 8M Plus): still an error', () => {
      const files = socFiles({ root: '"fsl,imx8mp-evk", "fsl,imx8mp"', nodes: ['fec: ethernet@30be0000 { compatible = "fsl,imx8mp-fec"; reg = <0x30be0000 0x10000>; };'] });
      const r = checkFiles(files, run('fec'));
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:14:3 passthrough-no-iommu: fec (30be0000.ethernet) is passed through but has no iommus, and the host tree has no enabled IOMMU: no device is in an IOMMU group, so vfio-platform cannot take it and QEMU cannot open it; KVM passthrough needs an IOMMU',
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('warning, not "no group": an IOMMU whose groups dtlint does not model (mtk_iommu)', () => {
      const files = socFiles({
        root: '"mediatek,mt8195"',
        nodes: [
          'iommu_vdo: iommu@1c01f000 { compatible = "mediatek,mt8195-iommu-vdo"; reg = <0x1c01f000 0x1000>; #iommu-cells = <1>; };',
          'dev: codec@1a020000 { compatible = "mediatek,mt8195-vcodec-enc"; reg = <0x1a020000 0x10000>; iommus = <&iommu_vdo 7>; };',
        ],
      });
      const r = checkFiles(files, run('dev'));
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:15:106 passthrough-no-iommu: dev (1a020000.codec): dtlint does not model how mtk_iommu (iommu_vdo) forms IOMMU groups (drivers/iommu/mtk_iommu.c mtk_iommu_device_group); check /sys/kernel/iommu_groups on the host',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });
  });

  describe('Layerscape: U-Boot writes iommus at boot (fdt_fixup_icid), by compatible and address', () => {
    const ls = (esdhc: string) =>
      socFiles({
        root: '"fsl,ls1028a-rdb", "fsl,ls1028a"',
        nodes: [
          'smmu: iommu@5000000 { compatible = "arm,mmu-500"; reg = <0x5000000 0x800000>; #iommu-cells = <1>; stream-match-mask = <0x7c00>; };',
          `esdhc: mmc@2140000 { ${esdhc} reg = <0x2140000 0x10000>; };`,
        ],
      });
    const run = { rules: [ID], spec: { pass: ['esdhc'] } };

    it('kept compatible: a warning, dtlint does not model the ICID table', () => {
      const r = checkFiles(ls('compatible = "fsl,ls1028a-esdhc", "fsl,esdhc";'), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:15:3 passthrough-no-iommu: esdhc (2140000.mmc) has no iommus in the tree dtlint reads, but on Layerscape U-Boot writes iommus at boot into the nodes its ICID table finds by compatible and address (fdt_fixup_icid): if the table names "fsl,ls1028a-esdhc" at this address, the device has a group; dtlint does not model the table, check /sys/kernel/iommu_groups',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it('renamed compatible in the user\'s tree: U-Boot no longer finds the node (error)', () => {
      const files = ls('compatible = "fsl,ls1028a-esdhc", "fsl,esdhc";');
      const r = checkFiles({ ...files, 'host.dts': `${files['host.dts']}\n&esdhc {\n\tcompatible = "fsl,dummy";\n};\n` }, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:19:1 passthrough-no-iommu: esdhc (2140000.mmc) is passed through but has no iommus, and an override renames its compatible to "fsl,dummy": U-Boot\'s fdt_fixup_icid finds the nodes it gives iommus by their compatible, so it adds none here: no IOMMU group, vfio-platform cannot take it; write the iommus in the override',
      ]);
      expect(r.findings[0]!.level).toBe('error');
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

    it('both passed: the one bound second has no group (error)', () => {
      expect(findingsOf(checkFiles(v3('fsl,dummy'), { rules: [ID], spec: { pass: ['a', 'b'] } }), ID)).toEqual([
        'host.dts:16:89 passthrough-no-iommu: b (10010000.ethernet) is passed through but its stream ID 0x100 on smmu is also a\'s, passed too: arm_smmu_insert_master refuses whichever of the two vfio-platform binds second ("already in tree"), so that one is in no IOMMU group and vfio-platform cannot take it (b, when they are bound in QEMU\'s -device order); SMMUv3 masters need distinct stream IDs',
      ]);
    });

    it('the other stays on the host with a real compatible: a warning (if its driver binds first)', () => {
      const r = checkFiles(v3('acme,eth'), { rules: [ID], spec: { pass: ['a'] } });
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:15:89 passthrough-no-iommu: a (10000000.ethernet) is passed through but its stream ID 0x100 on smmu is also b\'s: if a host driver binds b (compatible "acme,eth") at boot, arm_smmu_insert_master refuses a when vfio-platform binds it ("already in tree"), so it is in no IOMMU group',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it('the other binds no driver (fsl,dummy): it never probes its IOMMU, nothing to report', () => {
      expect(findingsOf(checkFiles(v3('fsl,dummy'), { rules: [ID], spec: { pass: ['a'] } }), ID)).toEqual([]);
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

    it('both passed: the one bound second has no group (error)', () => {
      expect(findingsOf(checkFiles(v2('fsl,dummy'), { rules: [ID], spec: { pass: ['a', 'b'] } }), ID)).toEqual([
        "host.dts:16:89 passthrough-no-iommu: b (10010000.ethernet) is passed through but its stream match 0x11/0x2 on smmu partly overlaps a's (0x10/0x1), passed too: arm_smmu_find_sme refuses whichever of the two vfio-platform binds second (-EINVAL), so that one is in no IOMMU group and vfio-platform cannot take it (b, when they are bound in QEMU's -device order); make the entries equal (one group) or disjoint",
      ]);
    });

    it('the other stays on the host with a real compatible: a warning', () => {
      const r = checkFiles(v2('acme,eth'), { rules: [ID], spec: { pass: ['a'] } });
      expect(r.findings.map((f) => [f.messageId, f.level])).toEqual([['smrMaybeTaken', 'warning']]);
    });
  });
});
