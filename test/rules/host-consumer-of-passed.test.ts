import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'host-consumer-of-passed';
const run = { rules: [ID] };

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: eth1 is disabled', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });

    it('a sibling on the same bus, and a node that names the passed device only in post-init-providers', () => {
      // mu1 shares lsio with the passed mu2; fw_devlink ignores post-init-providers (FWLINK_FLAG_IGNORE).
      const files = edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&mu1 {\n\tpost-init-providers = <&mu2>;\n};\n\n&eth1 {\n\tstatus = "disabled";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it("eth1's phy-handle points into passed eth0's MDIO bus (the example)", () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:36:16 host-consumer-of-passed: eth1 still depends on passed eth0 (phy-handle[0] -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1): once 5b040000.ethernet belongs to the guest, no host driver provides it, so eth1 loses it on the host; pass it too or disable it, or keep eth0 on the host',
      ]);
      const f = r.findings[0]!;
      expect(f.level).toBe('warning');
      expect(f.symptom).toBe('the device is missing on the host');
      expect(f.chain?.map((c) => c.line)).toEqual([36]);
    });

    it('a host node that takes a clock from the passed clock gate', () => {
      const files = edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&mu1 {\n\tclocks = <&eth0_lpcg 0>;\n};\n\n&eth1 {\n\tstatus = "disabled";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.dts:39:12 host-consumer-of-passed: mu1 still depends on passed eth0_lpcg (clocks[0] -> /bus@5b000000/clock-controller@5b230000): once 5b230000.clock-controller belongs to the guest, no host driver provides it, so mu1 loses it on the host; disable it, or keep eth0_lpcg on the host',
      ]);
    });
  });
});
