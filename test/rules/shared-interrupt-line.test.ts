import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'shared-interrupt-line';
const run = { rules: [ID] };
const ETH0 = 'status = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;';

/** The fixed example with eth0's host interrupts replaced by `line` (a property line of the &eth0 override, line 32). */
function eth0Interrupts(line: string, files: Files = example('fixed')): Files {
  return edit(files, 'host.dts', ETH0, `status = "okay";\n\t${line}\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;`);
}

const ABORT = 'QEMU aborts';

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: eth0 (SPI 258, 256), the clock gate (none) and mu2 (SPI 178) each have lines of their own', files: example('fixed') },
    {
      name: "eth1's line (SPI 262): eth1 is disabled on the host, no driver requests it",
      files: eth0Interrupts('interrupts = <GIC_SPI 262 IRQ_TYPE_LEVEL_HIGH>;'),
    },
    {
      name: 'one SPI number but another type (SPI 258 and PPI 258 are different lines)',
      files: eth0Interrupts('interrupts = <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <GIC_PPI 258 IRQ_TYPE_LEVEL_HIGH>;'),
    },
  ],
  invalid: [
    {
      name: 'eth0 lists one line twice (as ZynqMP GEM nodes do for macb)',
      files: eth0Interrupts('interrupts = <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;'),
      errors: [{ messageId: 'sameDevice', data: { first: 0, index: 1, node: 'eth0', line: 'SPI 258', property: 'interrupts' }, level: 'error', file: 'host.dts', line: 32, column: 2 }],
    },
    {
      name: 'interrupts-extended: the trigger flags differ, the line is the same',
      files: eth0Interrupts('interrupts-extended = <&gic GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <&gic GIC_SPI 258 IRQ_TYPE_EDGE_RISING>;'),
      errors: [{ messageId: 'sameDevice', data: { first: 0, index: 1, node: 'eth0', line: 'SPI 258', property: 'interrupts-extended' }, file: 'host.dts', line: 32, column: 2 }],
    },
    {
      name: "eth0 takes mu2's line: mu2, passed after it, is the one that fails",
      files: eth0Interrupts('interrupts = <GIC_SPI 178 IRQ_TYPE_LEVEL_HIGH>;'),
      errors: [
        {
          messageId: 'otherPassed',
          data: { index: 0, node: 'mu2', line: 'SPI 178', other: 'eth0', otherIndex: 0, second: '5d1d0000.mailbox (its -device comes later: QEMU opens devices in creation order)' },
          level: 'error',
          file: 'acme-a1.dtsi',
          line: 90,
          column: 4,
        },
      ],
    },
    {
      name: "eth0 takes the line of mu1, the host SCU's mailbox: a warning (a host driver must hold it)",
      files: eth0Interrupts('interrupts = <GIC_SPI 177 IRQ_TYPE_LEVEL_HIGH>;'),
      errors: [{ messageId: 'hostDevice', data: { index: 0, node: 'eth0', line: 'SPI 177', other: 'mu1', otherIndex: 0 }, level: 'warning', file: 'host.dts', line: 32, column: 2 }],
    },
  ],
});

describe(ID, () => {
  it('says what QEMU does, names both entries and the -device, and the symptom', () => {
    const [f] = checkFiles(eth0Interrupts('interrupts = <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;'), run).findings;
    expect(f?.message).toContain(ABORT);
    expect(f?.message).toContain('without IRQF_SHARED');
    expect(f?.related?.map((r) => r.message)).toEqual(['host interrupt 0 of eth0', 'host interrupt 1 of eth0', 'passed to QEMU here']);
    expect(f?.symptom).toBe('QEMU refuses the device');
  });

  it('reports a host device once per line, however often it names it', () => {
    const files = edit(eth0Interrupts('interrupts = <GIC_SPI 177 IRQ_TYPE_LEVEL_HIGH>;'), 'acme-a1.dtsi', 'interrupts = <GIC_SPI 177 IRQ_TYPE_LEVEL_HIGH>;', 'interrupts = <GIC_SPI 177 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 177 IRQ_TYPE_LEVEL_HIGH>;');
    expect(checkFiles(files, run).findings.map((f) => f.messageId)).toEqual(['hostDevice']);
  });
});
