import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'pinctrl-pad-not-assigned';
const run = { rules: [ID] };

/** A host pin group that eth1 (enabled) uses and that claims the guest's MDC pad. */
function hostGroup(files: ReturnType<typeof example>) {
  return edit(
    files,
    'host.dts',
    '&eth1 {\n\tstatus = "disabled";',
    '&iomuxc {\n\tpinctrl_eth1: eth1grp {\n\t\tfsl,pins = <ACME_ENET0_MDC_ENET0_MDC 0x06000020>;\n\t};\n};\n\n&eth1 {\n\tpinctrl-0 = <&pinctrl_eth1>;\n\tstatus = "okay";',
  );
}

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: the partition owns every pad the guest configures', files: example('fixed') },
    { name: 'a guest group no enabled node uses configures nothing', files: edit(example(), 'guest.dts', '\t\t\tpinctrl-0 = <&pinctrl_eth0>;\n', '') },
  ],
  invalid: [
    {
      name: 'the guest configures ACME_PAD_ENET0_COMP, not in pads (the example): at the pinfunc macro',
      files: example(),
      errors: [
        {
          messageId: 'guestPad',
          data: { pad: 'ACME_PAD_ENET0_COMP', number: '103', partition: '/domu/doma', users: 'eth0', after: '' },
          message:
            'the guest configures pad ACME_PAD_ENET0_COMP (103), which /domu/doma pads does not give it: the SCU firmware refuses the call, so the pin state of eth0 stops at this pad ("Error applying setting")',
          file: 'guest.dts',
          line: 70,
          column: 6,
          endColumn: 25,
        },
      ],
    },
    {
      name: 'a host pin group still claims a pad given to the guest: a warning at the group',
      files: hostGroup(example('fixed')),
      errors: [
        {
          messageId: 'hostClaims',
          data: { group: 'eth1grp', pads: 'ACME_PAD_ENET0_MDC', partition: '/domu/doma', users: 'eth1' },
          message:
            "host pin group eth1grp still claims ACME_PAD_ENET0_MDC, which /domu/doma pads gives to the guest: once the guest partition owns them the SCU firmware refuses the host's calls, so the pin state of eth1 fails to apply on the host",
          file: 'host.dts',
          line: 40,
          column: 15,
          level: 'warning',
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages, and symptoms.
describe(`${ID}: related locations and symptom`, () => {
  it('the example: the partition, the user and the macros related; pads unconfigurable', () => {
    const f = checkFiles(example(), run).findings[0]!;
    expect(f.related.map((x) => x.message)).toEqual([
      '/domu/doma pads lists the pads the guest owns',
      'eth0 uses eth0grp',
      'macro ACME_ENET0_COMP_PAD is defined here',
      'macro ACME_PAD_ENET0_COMP is defined here',
    ]);
    expect(f.symptom).toBe('pads unconfigurable');
  });
});
