import { describe, expect, it } from '@jest/globals';
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
  });
});
