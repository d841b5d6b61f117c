import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'uboot-strip';
const run = { rules: [ID] };
const NO_DMA = ' (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)';
const ETH0_LPCG = {
  messageId: 'passedDevice',
  data: { node: 'eth0_lpcg', name: 'clock-controller@5b230000', number: '251', rsrc: 'ACME_R_ENET_0', partition: '/domu/doma', sysfs: '5b230000.clock-controller', sid: NO_DMA },
  file: 'acme-a1.dtsi',
  line: 108,
  column: 25,
};
/** The example with eth0's override keeping power-domains. */
const eth0KeepsPowerDomains = () => edit(example(), 'host.dts', '\tstatus = "okay";\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tstatus = "okay";\n\t/delete-property/ clocks;');
/** The fixed pair with mu1's resource given to the guest too. */
const mu1ToGuest = () => edit(example('fixed'), 'host.dts', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0>;', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0 ACME_R_MU_1A>;');

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [{ name: 'the fixed example: passed nodes delete power-domains; mu1 keeps MU_1A, which the host keeps', files: example('fixed') }],
  invalid: [
    {
      name: 'the passed clock gate keeps power-domains = <&pd ACME_R_ENET_0> (the example): an error at the resource',
      files: example(),
      errors: [
        {
          ...ETH0_LPCG,
          message:
            'U-Boot disables eth0_lpcg at boot ("Disable clock-controller@5b230000 rsrc 251 not owned"): its power-domains names ACME_R_ENET_0, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5b230000.clock-controller to bind; delete power-domains in the override (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)',
          level: 'error',
          related: [
            { line: 21, column: 13 },
            { line: 4, column: 13 },
            { line: 11, column: 23 },
          ],
        },
      ],
    },
    {
      name: 'passing a device U-Boot strips (the mailbox keeps power-domains)',
      files: edit(example('fixed'), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n\t/delete-property/ power-domains;\n', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n'),
      errors: [
        {
          messageId: 'passedDevice',
          data: { node: 'mu2', name: 'mailbox@5d1d0000', number: '215', rsrc: 'ACME_R_MU_2A', partition: '/domu/doma', sysfs: '5d1d0000.mailbox', sid: NO_DMA },
          file: 'acme-a1.dtsi',
          line: 92,
          column: 25,
        },
      ],
    },
    {
      name: 'a passed Ethernet controller (a DMA master): the fix adds its own resource for the stream ID',
      files: eth0KeepsPowerDomains(),
      errors: [
        ETH0_LPCG,
        {
          messageId: 'passedDevice',
          data: {
            node: 'eth0',
            name: 'ethernet@5b040000',
            number: '251',
            rsrc: 'ACME_R_ENET_0',
            partition: '/domu/doma',
            sysfs: '5b040000.ethernet',
            sid: ' and add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;`, from which U-Boot programs its SMMU stream ID',
          },
          file: 'acme-a1.dtsi',
          line: 118,
          column: 25,
        },
      ],
    },
    {
      name: 'a host device whose resource goes to the guest is a warning',
      files: mu1ToGuest(),
      errors: [
        {
          messageId: 'hostDevice',
          data: { node: 'mu1', name: 'mailbox@5d1c0000', number: '214', rsrc: 'ACME_R_MU_1A', partition: '/domu/doma' },
          message:
            'U-Boot disables mu1 at boot ("Disable mailbox@5d1c0000 rsrc 214 not owned"): its power-domains names ACME_R_MU_1A, which /domu/doma rsrcs gives to the guest; the host loses this device',
          file: 'acme-a1.dtsi',
          line: 84,
          column: 25,
          level: 'warning',
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages and files, and symptoms.
describe(`${ID}: related locations and symptoms`, () => {
  it('the example: the partition, the -device and the macro related', () => {
    const f = checkFiles(example(), run).findings[0]!;
    expect(f.related.map((x) => [x.message, x.at.line, x.at.column])).toEqual([
      ['/domu/doma rsrcs gives ACME_R_ENET_0 to the guest here', 21, 13],
      ['passed to QEMU here', 4, 13],
      ['macro ACME_R_ENET_0 is defined here', 11, 23],
    ]);
  });

  it('a host device whose resource goes to the guest: missing on the host', () => {
    expect(checkFiles(mu1ToGuest(), run).findings[0]!.symptom).toBe('the device is missing on the host');
  });
});
