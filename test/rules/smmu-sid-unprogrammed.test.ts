import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'smmu-sid-unprogrammed';
const run = { rules: [ID] };
const fixed = () => example('fixed');

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every passed device has fsl,sc_rsrc_id', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it('a clock gate and a mailbox master no DMA: no finding without fsl,sc_rsrc_id and power-domains', () => {
      let files = edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n};', '\t/delete-property/ power-domains;\n};');
      files = edit(files, 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('a mailbox with two iommus entries: no finding, it masters no DMA', () => {
      const files = edit(fixed(), 'host.dts', 'iommus = <&smmu 0x13 0x0>;', 'iommus = <&smmu 0x13 0x0>, <&smmu 0x14 0x0>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('power-domains kept (the mailbox in the example) is enough for U-Boot', () => {
      expect(findingsOf(checkFiles(example(), run), ID).filter((f) => f.includes('mu2'))).toEqual([]);
    });

    it('not an i.MX 8QM: no SCU pin controller, no fsl,imx8qm root', () => {
      let files = edit(example(), 'acme-a1.dtsi', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
      files = edit(files, 'guest.dts', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the override deletes power-domains and adds no fsl,sc_rsrc_id (the example): at the deletion, with the fix', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:30:2 smmu-sid-unprogrammed: U-Boot programs no stream ID for eth0: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
      ]);
      const f = r.findings[0]!;
      expect(f.level).toBe('error');
      expect(f.symptom).toBe('DMA faults: no packets');
      expect(f.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line])).toEqual([
        ['the power-domains it deletes', 'acme-a1.dtsi', 118],
        ['iommus', 'acme-a1.dtsi', 119],
        ['passed to QEMU here', 'qemu-args.txt', 5],
      ]);
    });

    it('fires no more once fsl,sc_rsrc_id is added', () => {
      const files = edit(example(), 'host.dts', '\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('an Ethernet controller with two iommus entries', () => {
      const files = edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\tiommus = <&smmu 0x12 0x7f80>, <&smmu 0x14 0x0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.dts:33:2 smmu-sid-unprogrammed: U-Boot programs the stream ID of eth0 only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has 6 cells, so its DMA does not carry the stream ID whose mappings VFIO sets up for the guest and misses them (the SMMU blocks a stream ID it has no entry for)',
      ]);
    });

    it('a device whose node name tells no class: a warning, "if it masters DMA", and no resource guessed from elsewhere', () => {
      let files = edit(example(), 'acme-a1.dtsi', 'eth0: ethernet@5b040000 {', 'eth0: enet@5b040000 {');
      files = edit(files, 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b040000.enet');
      files = edit(files, 'acme-a1.dtsi', '\t\t\tpower-domains = <&pd ACME_R_ENET_0>;\n\t\t\tiommus = <&smmu 0x12 0x7f80>;', '\t\t\tiommus = <&smmu 0x12 0x7f80>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:27:1 smmu-sid-unprogrammed: if eth0 masters DMA (dtlint cannot tell from its node name "enet"), U-Boot programs no stream ID for it: it has neither fsl,sc_rsrc_id nor power-domains, so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <IMX_SC_R_...>;` with its own SCU resource (dtlint cannot tell which: no power-domains of it is left to read)',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([['warning', 'DMA faults']]);
    });

    it('a legacy mmu-masters takes precedence over iommus', () => {
      const files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&eth0 0x12>;\n};\n\n&eth0 {');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:33:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence: U-Boot ignores the iommus of eth0 and programs stream ID 0x12 from mmu-masters instead',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['warning']);
    });

    it('a legacy mmu-masters that lists a device without a resource: U-Boot still programs nothing', () => {
      let files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&eth0 0x12>;\n};\n\n&eth0 {');
      files = edit(files, 'host.dts', '\tstatus = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tstatus = "okay";\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID).map((m) => m.replace(/^\S+ /, ''))).toEqual([
        expect.stringMatching(/^smmu-sid-unprogrammed: U-Boot programs no stream ID for eth0: it has neither fsl,sc_rsrc_id nor power-domains \(the override deletes power-domains, so that U-Boot does not disable it\), so its DMA does not carry stream ID 0x12,/),
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
    });

    it('a legacy mmu-masters that does not list the Ethernet controller', () => {
      const files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&mu2 0x13>;\n};\n\n&eth0 {');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:33:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence over iommus and does not list eth0: U-Boot programs no stream ID for it, so its DMA misses the mappings VFIO sets up for the guest (the SMMU blocks a stream ID it has no entry for)',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
    });
  });
});
