import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'scu-resource-not-owned';
const fixed = () => example('fixed');

/** The fixed pair: the passed eth0 keeps an SCU assigned clock of its resource (given to the guest). */
const passedAssigned = () => edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\tassigned-clocks = <&clk ACME_R_ENET_0 2>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
/** Line of the first property of the timer hostTimer appends. */
const timerPropLine = (): number => fixed()['host.dts'].split('\n').length + 4;
/** The fixed pair with a host timer clocked by eth0's resource. */
const hostTimer = (props: string) => ({ ...fixed(), 'host.dts': `${fixed()['host.dts']}\n/ {\n\ttimer {\n\t\tcompatible = "acme,a1-timer";\n${props}\t};\n};\n` });
/** The fixed pair whose guest clock gate is powered by ACME_R_ENET_1, which rsrcs does not give. */
const guestEnet1 = () => edit(fixed(), 'guest.dts', 'power-domains = <&pd ACME_R_ENET_0>;', 'power-domains = <&pd ACME_R_ENET_1>;');

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: every SCU resource on its side', files: fixed() },
    { name: 'the broken example: its guest SCU talks through an MU rsrcs does not give (mu-clash), so the guest side is not judged', files: example() },
    {
      name: 'a host node with power-domains on a given resource: U-Boot disables it (uboot-strip says so)',
      files: hostTimer('\t\tclocks = <&clk ACME_R_ENET_0 0>;\n\t\tpower-domains = <&pd ACME_R_ENET_0>;\n'),
    },
    { name: 'a host node on a resource the host keeps', files: hostTimer('\t\tclocks = <&clk ACME_R_ENET_1 0>;\n') },
    { name: 'a passed device keeps clocks of its resource: vfio-platform gets no clocks', files: edit(fixed(), 'host.dts', '\t/delete-property/ clocks;\n\t/delete-property/ clock-names;\n', '') },
  ],
  invalid: [
    {
      name: 'the passed eth0 keeps assigned-clocks on the given resource: platform_probe fails before vfio-platform',
      files: passedAssigned(),
      errors: [
        {
          messageId: 'passedAssigned',
          data: { node: 'eth0', use: 'assigned-clocks', rsrc: 'ACME_R_ENET_0', partition: '/domu/doma', sysfs: '5b040000.ethernet' },
          file: 'host.dts',
          line: 33,
          column: 26,
          level: 'error',
        },
      ],
    },
    {
      name: 'a host node clocked by a given resource loses its clock (a warning: the host loses the device)',
      files: hostTimer('\t\tclocks = <&clk ACME_R_ENET_0 0>;\n'),
      errors: [{ messageId: 'hostClock', data: { node: '/timer', rsrc: 'ACME_R_ENET_0', partition: '/domu/doma' }, file: 'host.dts', line: timerPropLine(), column: 18, level: 'warning' }],
    },
    {
      name: 'a host node assigning a clock of a given resource: of_clk_set_defaults fails',
      files: hostTimer('\t\tassigned-clocks = <&clk ACME_R_ENET_0 2>;\n'),
      errors: [{ messageId: 'hostAssigned', data: { node: '/timer', use: 'assigned-clocks', rsrc: 'ACME_R_ENET_0', partition: '/domu/doma' }, line: timerPropLine(), column: 27, level: 'warning' }],
    },
    {
      name: 'a guest node powered by a resource rsrcs does not give',
      files: guestEnet1(),
      errors: [{ messageId: 'guestPowerDomain', data: { node: 'eth0_lpcg', rsrc: 'ACME_R_ENET_1', partition: '/domu/doma' }, file: 'guest.dts', line: 98, column: 25, level: 'error' }],
    },
    {
      name: 'a guest node clocked by a resource rsrcs does not give',
      files: edit(fixed(), 'guest.dts', 'clocks = <&clk ACME_R_ENET_0 0>, <&clk ACME_R_ENET_0 1>;', 'clocks = <&clk ACME_R_ENET_0 0>, <&clk ACME_R_ENET_1 1>;'),
      errors: [{ messageId: 'guestClock', data: { node: 'eth0_lpcg', use: 'clocks', rsrc: 'ACME_R_ENET_1', partition: '/domu/doma', assigned: '' }, file: 'guest.dts', line: 97, column: 43, level: 'error' }],
    },
  ],
});

describe(`${ID}: what the finding says besides`, () => {
  it('names the rsrcs entry and says vfio-platform bind fails', () => {
    const [finding] = checkFiles(passedAssigned(), { rules: [ID] }).findings;
    expect(finding?.symptom).toBe('vfio-platform bind fails: QEMU refuses the device');
    expect(finding?.related?.map((r) => r.message)).toEqual(['/domu/doma rsrcs gives ACME_R_ENET_0 to the guest here', 'passed to QEMU here', 'macro ACME_R_ENET_0 is defined here']);
  });

  it('the guest-side finding points at the rsrcs property (the power-domains line is the finding\'s own)', () => {
    const [finding] = checkFiles(guestEnet1(), { rules: [ID] }).findings;
    expect(finding?.related?.map((r) => r.message)).toEqual(['/domu/doma rsrcs', 'macro ACME_R_ENET_1 is defined here']);
  });
});
