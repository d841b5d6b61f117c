import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'guest-missing-dependency';
const run = { rules: [ID] };
const fixed = () => example('fixed');

/** The fixed pair without the clock gate on the QEMU line, out of eth0's IOMMU group, and eth0 keeping its clocks. */
function gateLeftBehind() {
  let files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n', '');
  files = edit(files, 'host.dts', '\t/delete-property/ clocks;\n', '');
  return edit(files, 'host.dts', '&eth0_lpcg {\n\tiommus = <&smmu 0x12 0x7f80>;\n', '&eth0_lpcg {\n');
}

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: the guest SCU has the OCOTP cell, the clock gate is passed', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it("the guest's SCU has no OCOTP for eth0's nvmem-cells (the example)", () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        "acme-a1.dtsi:120:19 guest-missing-dependency: eth0 needs /system-controller/ocotp/mac@1c4 (nvmem-cells[0]) of the host SCU, and the guest's SCU node has no counterpart of it",
      ]);
      expect(r.findings[0]!.chain?.map((c) => c.line)).toEqual([120]);
    });

    it('a supplier only the passed device uses and that is not passed, and the guest copy that uses it', () => {
      expect(findingsOf(checkFiles(gateLeftBehind(), run), ID)).toEqual([
        'acme-a1.dtsi:116:14 guest-missing-dependency: eth0 needs /bus@5b000000/clock-controller@5b230000 (clocks[0]), which only passed devices use: pass it through too',
        "guest.dts:106:14 guest-missing-dependency: the guest's eth0 uses /platform-bus@c000000/clock-controller@0 (clocks[0]), a copy of host /bus@5b000000/clock-controller@5b230000, which is not passed through: the guest driver touches hardware it does not own",
      ]);
    });

    it('a supplier the host keeps', () => {
      const files = edit(gateLeftBehind(), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&mu1 {\n\tclocks = <&eth0_lpcg 0>;\n};\n\n&eth1 {\n\tstatus = "disabled";');
      expect(findingsOf(checkFiles(files, run), ID)[0]).toBe(
        'acme-a1.dtsi:116:14 guest-missing-dependency: eth0 needs /bus@5b000000/clock-controller@5b230000 (clocks[0]), which is neither passed through nor provided by the guest (the host keeps it: mu1 uses it)',
      );
    });

    it('a passed device without a guest node', () => {
      expect(findingsOf(checkFiles(fixed(), { ...run, spec: { pass: ['mu1'] } }), ID)).toEqual([
        'acme-a1.dtsi:79:3 guest-missing-dependency: the guest has no node for passed mu1 (5d1c0000.mailbox): no guest driver binds it',
      ]);
    });
  });
});
