import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'uboot-strip';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: passed nodes delete power-domains; mu1 keeps MU_1A, which the host keeps', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the passed clock gate keeps power-domains = <&pd ACME_R_ENET_0> (the example): an error at the resource', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'acme-a1.dtsi:108:25 uboot-strip: U-Boot disables eth0_lpcg at boot ("Disable clock-controller@5b230000 rsrc 251 not owned"): its power-domains names ACME_R_ENET_0, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5b230000.clock-controller to bind; delete power-domains in the override (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)',
      ]);
      const f = r.findings[0]!;
      expect(f.level).toBe('error');
      expect(f.related.map((x) => [x.message, x.at.line, x.at.column])).toEqual([
        ['/domu/doma rsrcs gives ACME_R_ENET_0 to the guest here', 21, 13],
        ['passed to QEMU here', 4, 13],
        ['macro ACME_R_ENET_0 is defined here', 11, 23],
      ]);
    });

    it('passing a device U-Boot strips (the mailbox keeps power-domains)', () => {
      const files = edit(example('fixed'), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n\t/delete-property/ power-domains;\n', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'acme-a1.dtsi:92:25 uboot-strip: U-Boot disables mu2 at boot ("Disable mailbox@5d1d0000 rsrc 215 not owned"): its power-domains names ACME_R_MU_2A, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5d1d0000.mailbox to bind; delete power-domains in the override (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)',
      ]);
    });

    it('a passed Ethernet controller (a DMA master): the fix adds its own resource for the stream ID', () => {
      const files = edit(example(), 'host.dts', '\tstatus = "okay";\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tstatus = "okay";\n\t/delete-property/ clocks;');
      expect(findingsOf(checkFiles(files, run), ID)).toContain(
        'acme-a1.dtsi:118:25 uboot-strip: U-Boot disables eth0 at boot ("Disable ethernet@5b040000 rsrc 251 not owned"): its power-domains names ACME_R_ENET_0, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5b040000.ethernet to bind; delete power-domains in the override and add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;`, from which U-Boot programs its SMMU stream ID',
      );
    });

    it('a host device whose resource goes to the guest is a warning', () => {
      const files = edit(example('fixed'), 'host.dts', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0>;', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0 ACME_R_MU_1A>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'acme-a1.dtsi:84:25 uboot-strip: U-Boot disables mu1 at boot ("Disable mailbox@5d1c0000 rsrc 214 not owned"): its power-domains names ACME_R_MU_1A, which /domu/doma rsrcs gives to the guest; the host loses this device',
      ]);
      expect(r.findings[0]!.level).toBe('warning');
      expect(r.findings[0]!.symptom).toBe('the device is missing on the host');
    });
  });
});
