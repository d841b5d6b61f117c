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
        'host.dts:30:2 smmu-sid-unprogrammed: U-Boot cannot program stream ID 0x12 of eth0: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA carries no programmed stream ID and faults (no packets, no completion interrupts); add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;`',
      ]);
      const f = r.findings[0]!;
      expect(f.symptom).toBe('DMA faults: no packets, no interrupts in the guest');
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

    it('iommus with two entries', () => {
      const files = edit(fixed(), 'host.dts', 'iommus = <&smmu 0x13 0x0>;', 'iommus = <&smmu 0x13 0x0>, <&smmu 0x14 0x0>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.dts:52:2 smmu-sid-unprogrammed: U-Boot programs the stream ID of mu2 only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has 6 cells, so its DMA carries no programmed stream ID and faults',
      ]);
    });

    it('a legacy mmu-masters takes precedence over iommus', () => {
      const files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&eth0 0x12>;\n};\n\n&eth0 {');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:33:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence: U-Boot ignores the iommus of eth0 and programs stream ID 0x12 from mmu-masters instead',
        'host.dts:48:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence over iommus and does not list eth0_lpcg: U-Boot programs no stream ID for it, so its DMA faults',
        'host.dts:55:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence over iommus and does not list mu2: U-Boot programs no stream ID for it, so its DMA faults',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['warning', 'error', 'error']);
    });
  });
});
