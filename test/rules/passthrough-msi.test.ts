import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'passthrough-msi';
const run = { rules: [ID] };
const ETH0 = 'status = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;';
const GUEST_ETH0 = '\t\t\tclock-names = "ipg", "ahb";\n';

/** The fixed example with a line added to the host's &eth0 override (line 32). */
function hostEth0(line: string, files: Files = example('fixed')): Files {
  return edit(files, 'host.dts', ETH0, `status = "okay";\n\t${line}\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;`);
}
/** ... and one to the guest's eth0 node (line 108). */
function guestEth0(line: string, files: Files): Files {
  return edit(files, 'guest.dts', GUEST_ETH0, `${GUEST_ETH0}\t\t\t${line}\n`);
}

const MSI_PARENT = 'msi-parent = <&gic>;';

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: no passed device has msi-parent or msi-map', files: example('fixed') },
    { name: 'a host device that is not passed may have MSIs', files: edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&eth1 {\n\tstatus = "disabled";\n\tmsi-parent = <&gic>;') },
  ],
  invalid: [
    {
      name: 'the host gives eth0 an msi-parent, the guest node none: the guest keeps its wired lines (a warning)',
      files: hostEth0(MSI_PARENT),
      errors: [{ messageId: 'hostMsi', data: { node: 'eth0', gives: 'has MSIs (msi-parent)', wired: 'its 2 wired interrupts only' }, level: 'warning', file: 'host.dts', line: 32, column: 2 }],
    },
    {
      name: 'msi-map on the host',
      files: hostEth0('msi-map = <0 &gic 0 0x100>;'),
      errors: [{ messageId: 'hostMsi', data: { node: 'eth0', gives: 'maps MSIs of the devices behind it (msi-map)', wired: 'its 2 wired interrupts only' }, file: 'host.dts', line: 32, column: 2 }],
    },
    {
      name: 'the guest node asks the guest MSI controller for MSIs: an error at the guest property',
      files: guestEth0('msi-parent = <&{/intc@8000000}>;', hostEth0(MSI_PARENT)),
      errors: [
        {
          messageId: 'guestMsi',
          data: { guestNode: 'eth0', guestProperty: 'msi-parent', node: 'eth0', gives: 'has MSIs (msi-parent)', wired: 'its 2 wired interrupts only' },
          level: 'error',
          file: 'guest.dts',
          line: 108,
          column: 4,
        },
      ],
    },
    {
      name: 'a device with MSIs and no wired interrupt: the guest gets nothing from it',
      files: hostEth0(`${MSI_PARENT}\n\t/delete-property/ interrupts;`),
      errors: [{ messageId: 'noWired', data: { node: 'eth0', gives: 'has MSIs (msi-parent)' }, level: 'error', file: 'host.dts', line: 32, column: 2 }],
    },
  ],
});

describe(ID, () => {
  it('names the host property and the -device, and says the interrupts do not come', () => {
    const [f] = checkFiles(guestEth0('msi-parent = <&{/intc@8000000}>;', hostEth0(MSI_PARENT)), run).findings;
    expect(f?.related?.map((r) => r.message)).toEqual(['msi-parent of eth0 on the host', 'passed to QEMU here']);
    expect(f?.symptom).toBe('no interrupts in the guest: the device does not work in the guest');
    expect(f?.message).toContain('QEMU maps guest RAM only');
  });
});
