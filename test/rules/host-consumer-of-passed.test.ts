import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'host-consumer-of-passed';

/** The fixed pair with `text` before the `&eth1` override of host.dts. */
const beforeEth1 = (text: string) => edit(example('fixed'), 'host.dts', '&eth1 {\n\tstatus = "disabled";', `${text}&eth1 {\n\tstatus = "disabled";`);

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: eth1 is disabled', files: example('fixed') },
    {
      // mu1 shares lsio with the passed mu2; fw_devlink ignores post-init-providers (FWLINK_FLAG_IGNORE).
      name: 'a sibling on the same bus, and a node that names the passed device only in post-init-providers',
      files: beforeEth1('&mu1 {\n\tpost-init-providers = <&mu2>;\n};\n\n'),
    },
  ],
  invalid: [
    {
      name: "eth1's phy-handle points into passed eth0's MDIO bus (the example)",
      files: example(),
      errors: [
        {
          messageId: 'consumer',
          data: {
            consumer: 'eth1',
            device: 'eth0',
            edge: 'phy-handle[0]',
            supplier: '/bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1',
            sysfs: '5b040000.ethernet',
            fix: 'pass it too or disable it, or keep eth0 on the host',
          },
          message:
            'eth1 still depends on passed eth0 (phy-handle[0] -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1): once 5b040000.ethernet belongs to the guest, no host driver provides it, so eth1 loses it on the host; pass it too or disable it, or keep eth0 on the host',
          file: 'host.dts',
          line: 36,
          column: 16,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a host node that takes a clock from the passed clock gate',
      files: beforeEth1('&mu1 {\n\tclocks = <&eth0_lpcg 0>;\n};\n\n'),
      errors: [
        {
          messageId: 'consumer',
          data: {
            consumer: 'mu1',
            device: 'eth0_lpcg',
            edge: 'clocks[0]',
            supplier: '/bus@5b000000/clock-controller@5b230000',
            sysfs: '5b230000.clock-controller',
            fix: 'disable it, or keep eth0_lpcg on the host',
          },
          file: 'host.dts',
          line: 39,
          column: 12,
        },
      ],
    },
    {
      name: 'a host node linked to the passed device by a graph endpoint: said as a condition',
      files: beforeEth1(
        '&eth0 {\n\tport {\n\t\teth0_out: endpoint {\n\t\t\tremote-endpoint = <&mu1_in>;\n\t\t};\n\t};\n};\n\n&mu1 {\n\tport {\n\t\tmu1_in: endpoint {\n\t\t\tremote-endpoint = <&eth0_out>;\n\t\t};\n\t};\n};\n\n',
      ),
      errors: [
        {
          messageId: 'graphLink',
          data: {
            consumer: 'mu1',
            device: 'eth0',
            edge: 'remote-endpoint[0]',
            supplier: '/bus@5b000000/ethernet@5b040000',
            sysfs: '5b040000.ethernet',
            fix: 'disable it, or keep eth0 on the host',
          },
          message:
            "mu1 is linked to passed eth0 by a graph endpoint (remote-endpoint[0] -> /bus@5b000000/ethernet@5b040000): once 5b040000.ethernet belongs to the guest, no host driver serves that end of the link, so a host pipeline through it (if mu1's driver builds one) does not come up; disable it, or keep eth0 on the host",
          file: 'host.dts',
          line: 49,
          column: 23,
        },
      ],
    },
  ],
});

// What the tester does not compare: the symptom and the dependency chain.
describe(`${ID}: symptom and chain`, () => {
  it("the example: eth1 is missing on the host, the chain at eth1's phy-handle", () => {
    const f = checkFiles(example(), { rules: [ID] }).findings[0]!;
    expect(f.symptom).toBe('the device is missing on the host');
    expect(f.chain?.map((c) => c.line)).toEqual([36]);
  });
});
