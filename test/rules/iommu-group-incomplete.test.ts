import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'iommu-group-incomplete';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: eth1 is disabled and out of the group', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });

    it('a disabled member that keeps its iommus does not count', () => {
      const files = edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";\n\t/delete-property/ iommus;\n};', '&eth1 {\n\tstatus = "disabled";\n};');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('eth1 shares eth0\'s stream ID 0x12 under mask 0x7f80 (the example)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'acme-a1.dtsi:143:14 iommu-group-incomplete: eth1 (compatible "acme,a1-fec") shares IOMMU group iommu@51400000:0x12 with passed eth0 but is not passed: if a host driver binds eth1, VFIO finds the group not viable (iommu_group_claim_dma_owner fails) and QEMU refuses 5b040000.ethernet; pass eth1 too, or disable it',
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.line])).toEqual([
        ['eth0 is in the same group (stream ID 0x12, mask 0x7f80)', 119],
        ['passed to QEMU here', 5],
      ]);
    });

    it('enabling a group member in the fixed pair', () => {
      const files = edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";\n\t/delete-property/ iommus;\n};', '&eth1 {\n\tstatus = "okay";\n};');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'acme-a1.dtsi:143:14 iommu-group-incomplete: eth1 (compatible "acme,a1-fec") shares IOMMU group iommu@51400000:0x12 with passed eth0_lpcg and eth0 but is not passed: if a host driver binds eth1, VFIO finds the group not viable (iommu_group_claim_dma_owner fails) and QEMU refuses 5b230000.clock-controller and 5b040000.ethernet; pass eth1 too, or disable it',
      ]);
    });
  });
});
