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

    it('a host node linked to the passed device by a graph endpoint: said as a condition', () => {
      const files = edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&eth0 {\n\tport {\n\t\teth0_out: endpoint {\n\t\t\tremote-endpoint = <&mu1_in>;\n\t\t};\n\t};\n};\n\n&mu1 {\n\tport {\n\t\tmu1_in: endpoint {\n\t\t\tremote-endpoint = <&eth0_out>;\n\t\t};\n\t};\n};\n\n&eth1 {\n\tstatus = "disabled";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        "host.dts:49:23 host-consumer-of-passed: mu1 is linked to passed eth0 by a graph endpoint (remote-endpoint[0] -> /bus@5b000000/ethernet@5b040000): once 5b040000.ethernet belongs to the guest, no host driver serves that end of the link, so a host pipeline through it (if mu1's driver builds one) does not come up; disable it, or keep eth0 on the host",
      ]);
    });
  });
});
