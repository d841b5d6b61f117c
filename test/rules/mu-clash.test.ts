import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'mu-clash';
const run = { rules: [ID] };
const AT = { file: 'guest.dts', line: 50, column: 13 };
const MU1 = { mu: 'MU_1A', hostNode: '/bus@5d000000/mailbox@5d1c0000', hostScu: '/system-controller' };

/** The guest's SCU takes the host's mailbox (mu1, MU_1A). */
function hostMailbox() {
  const files = edit(example('fixed'), 'guest.dts', 'mboxes = <&mu2 0 0 &mu2 1 0 &mu2 3 3>;', 'mboxes = <&mu1 0 0 &mu1 1 0 &mu1 3 3>;');
  return edit(files, 'guest.dts', 'mu2: mailbox@20000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x20000 0x10000>;', 'mu1: mailbox@30000 {\n\t\t\tcompatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";\n\t\t\treg = <0x30000 0x10000>;');
}
/** ... and the host passes mu1 instead of mu2. */
const hostMailboxPassed = () => edit(hostMailbox(), 'qemu-args.txt', '    -device vfio-platform,host=5d1d0000.mailbox', '    -device vfio-platform,host=5d1c0000.mailbox');

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [{ name: 'the fixed example: MU_2A passed, in rsrcs, the host SCU on MU_1A', files: example('fixed') }],
  invalid: [
    {
      name: 'MU_2A is not in rsrcs (the example: only init_on_rsrcs has it)',
      files: example(),
      errors: [
        {
          messageId: 'notInRsrcs',
          data: { mu: 'MU_2A', partition: '/domu/doma', rsrc: 'ACME_R_MU_2A' },
          message:
            "the guest SCU talks through MU_2A, but /domu/doma rsrcs does not give ACME_R_MU_2A to the guest: U-Boot's scu_rm leaves the MU in the host's partition and does not power it on (init_on_rsrcs is read by Xen, not by U-Boot), and the firmware attributes every call through an MU to the partition that owns it, so the guest's SCU calls, if the MU answers at all, act for the host's partition, not the guest's",
          ...AT,
        },
      ],
    },
    {
      name: "the guest names the host's mailbox, which the host keeps",
      files: hostMailbox(),
      errors: [
        {
          messageId: 'hostScu',
          data: MU1,
          message:
            'the guest SCU talks through MU_1A (/bus@5d000000/mailbox@5d1c0000), which the host SCU /system-controller uses and keeps: the guest cannot reach it, so every SCU call of the guest times out; one MU serves one side, give the guest MU_2A, MU_3A or MU_4A',
          ...AT,
          related: [{ file: 'acme-a1.dtsi', line: 46, column: 13 }],
        },
      ],
    },
    {
      name: "the host's mailbox passed to the guest: the host SCU loses it",
      files: hostMailboxPassed(),
      errors: [
        {
          messageId: 'hostScuPassed',
          data: MU1,
          message:
            "the guest SCU talks through MU_1A (/bus@5d000000/mailbox@5d1c0000), which the host SCU /system-controller uses too: one MU serves one side, and vfio-platform can take it only from the host's mailbox driver, so the host SCU's calls (clocks, power domains, pads) fail; give the guest MU_2A, MU_3A or MU_4A",
          ...AT,
        },
      ],
    },
    {
      name: "MU_1A with no host SCU on it: still one of the host side's MUs",
      files: edit(hostMailbox(), 'host.dts', '&eth0 {', '&scu {\n\tstatus = "disabled";\n};\n\n&eth0 {'),
      errors: [
        {
          messageId: 'reserved',
          data: { mu: 'MU_1A' },
          message:
            "the guest SCU talks through MU_1A, one of the MUs the host side keeps (MU_0A, MU_1A): U-Boot's scu_rm powers a guest's MU on only for MU_2A, MU_3A and MU_4A (it powers the other resources of rsrcs off, unless the environment sets domu-init-ignore-poweroff=yes); use one of those",
          ...AT,
        },
      ],
    },
    {
      name: 'a mailbox the host does not pass',
      files: edit(example('fixed'), 'qemu-args.txt', ' \\\n    -device vfio-platform,host=5d1d0000.mailbox', ''),
      errors: [
        {
          messageId: 'notPassed',
          data: { mu: 'MU_2A', hostNode: 'mu2' },
          message: 'the guest SCU talks through MU_2A (mu2), which the host does not pass through: the guest cannot reach it (QEMU maps nothing of it), so every SCU call of the guest times out',
          ...AT,
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages, and symptoms.
describe(`${ID}: related locations and symptoms`, () => {
  it('the example: the partition related', () => {
    expect(checkFiles(example(), run).findings[0]!.related.map((x) => [x.message, x.at.line])).toEqual([['/domu/doma rsrcs', 21]]);
  });

  it("the host's mailbox in the guest: the guest's driver fails to probe, the host SCU's mboxes related", () => {
    const f = checkFiles(hostMailbox(), run).findings[0]!;
    expect(f.symptom).toBe('SCU calls fail: the driver fails to probe in the guest');
    expect(f.related.map((x) => x.message)).toEqual(["the host SCU's mboxes use MU_1A here"]);
  });

  it("the host's mailbox passed: missing on the host", () => {
    expect(checkFiles(hostMailboxPassed(), run).findings[0]!.symptom).toBe('SCU calls fail: the device is missing on the host');
  });
});
