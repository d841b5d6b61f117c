import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'mu-clash';
const run = { rules: [ID] };

/** The guest's SCU takes the host's mailbox (mu1, MU_1A). */
function hostMailbox() {
  const files = edit(example('fixed'), 'guest.dts', 'mboxes = <&mu2 0 0 &mu2 1 0 &mu2 3 3>;', 'mboxes = <&mu1 0 0 &mu1 1 0 &mu1 3 3>;');
  return edit(files, 'guest.dts', 'mu2: mailbox@20000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x20000 0x10000>;', 'mu1: mailbox@30000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x30000 0x10000>;');
}

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: MU_2A passed, in rsrcs, the host SCU on MU_1A', () => {
      expect(findingsOf(checkFiles(example('fixed'), run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('MU_2A is not in rsrcs (the example: only init_on_rsrcs has it)', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'guest.dts:50:13 mu-clash: the guest SCU talks through MU_2A, but /domu/doma rsrcs does not give ACME_R_MU_2A to the guest: the firmware does not power it for the guest partition',
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.line])).toEqual([['/domu/doma rsrcs', 21]]);
    });

    it("the guest gets the host's mailbox", () => {
      const r = checkFiles(hostMailbox(), run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:50:13 mu-clash: the guest SCU talks through MU_1A (/bus@5d000000/mailbox@5d1c0000), which the host SCU /system-controller uses too: both sides call the firmware through one mailbox and each steals the other's replies",
      ]);
      expect(r.findings[0]!.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line, x.at.column])).toEqual([
        ["the host SCU's mboxes use MU_1A here", 'acme-a1.dtsi', 46, 13],
      ]);
    });

    it('a mailbox the host does not pass', () => {
      const files = edit(example('fixed'), 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5d1d0000.mailbox', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'guest.dts:50:13 mu-clash: the guest SCU talks through MU_2A (mu2), which the host does not pass through: the guest cannot reach it and every SCU call fails',
      ]);
    });
  });
});
