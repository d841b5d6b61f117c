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
      // irq_create_fwspec_mapping maps the hwirq once: the second type fails to map, nothing is requested twice.
      name: 'interrupts-extended: one line with two trigger types: index 1 is not mapped, vfio-platform exposes index 0 only',
      files: eth0Interrupts('interrupts-extended = <&gic GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <&gic GIC_SPI 258 IRQ_TYPE_EDGE_RISING>;'),
      errors: [
        {
          messageId: 'sameDeviceType',
          message:
            'host interrupts 0 and 1 of eth0 name one line (SPI 258) with two trigger types (IRQ_TYPE_LEVEL_HIGH, then IRQ_TYPE_EDGE_RISING): when QEMU opens the device, vfio-platform maps index 0 with its type, and the mapping for index 1 fails (irq_create_fwspec_mapping: "type mismatch, failed to map hwirq-..."), so it counts the device\'s interrupts only up to there (vfio_platform_irq_init) and QEMU wires its first interrupt only: the guest gets no interrupt from index 1 on; give the host node one entry per line, with the line\'s trigger type',
          file: 'host.dts',
          line: 32,
          column: 2,
        },
      ],
    },
    {
      name: 'one line, the same type twice: the second request_irq fails (-EBUSY)',
      files: eth0Interrupts('interrupts-extended = <&gic GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>, <&gic GIC_SPI 258 IRQ_TYPE_LEVEL_HIGH>;'),
      errors: [{ messageId: 'sameDevice', data: { first: 0, index: 1, node: 'eth0', line: 'SPI 258', property: 'interrupts-extended' }, file: 'host.dts', line: 32, column: 2 }],
    },
    {
      name: "eth0 takes mu2's line with another trigger type: mu2, passed after it, cannot map it",
      files: eth0Interrupts('interrupts = <GIC_SPI 178 IRQ_TYPE_EDGE_RISING>;'),
      errors: [{ messageId: 'otherPassedType', data: { index: 0, node: 'mu2', line: 'SPI 178', other: 'eth0', otherIndex: 0, type: 'IRQ_TYPE_LEVEL_HIGH', otherType: 'IRQ_TYPE_EDGE_RISING', second: '5d1d0000.mailbox, whose -device comes later: QEMU opens devices in creation order' }, level: 'error', file: 'acme-a1.dtsi', line: 90, column: 4 }],
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
