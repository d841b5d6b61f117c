import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'gic-version';
const fixed = () => example('fixed');
const GIC = '/interrupt-controller@51a00000';
const V3_REG = 'reg = <0x0 0x51a00000 0 0x10000>, <0x0 0x51b00000 0 0xc0000>;';
const MAINTENANCE = 'interrupts = <GIC_PPI 9 IRQ_TYPE_LEVEL_HIGH>;';
/** Where every finding points: the -M argument on line 2 of qemu-args.txt. */
const AT = { file: 'qemu-args.txt', line: 2, column: 8 };

/** The example with `-M virt,gic-version=3` replaced (`machine` is the whole -M argument and what follows it). */
function machine(files: Files, args: string): Files {
  return edit(files, 'qemu-args.txt', '-M virt,gic-version=3', args);
}
/** The example host's GIC as a GIC-400 with GICD, GICC, GICH, GICV (GICC of `gicc` bytes). */
function gic400(files: Files = fixed(), gicc = '0x2000'): Files {
  const f = edit(files, 'acme-a1.dtsi', 'compatible = "arm,gic-v3";', 'compatible = "arm,gic-400";');
  return edit(f, 'acme-a1.dtsi', V3_REG, `reg = <0x0 0x51a00000 0 0x1000>, <0x0 0x51a02000 0 ${gicc}>, <0x0 0x51a04000 0 0x2000>, <0x0 0x51a06000 0 0x2000>;`);
}
/** The example host's GICv3 with GICC, GICH and GICV after GICD and the GICR. */
function v3WithGicv(files: Files = fixed()): Files {
  return edit(files, 'acme-a1.dtsi', V3_REG, `${V3_REG.slice(0, -1)}, <0x0 0x52000000 0 0x2000>, <0x0 0x52010000 0 0x2000>, <0x0 0x52020000 0 0x2000>;`);
}
const noMaintenance = (files: Files = fixed()) => edit(files, 'acme-a1.dtsi', MAINTENANCE, '');
/** The example host's root interrupt controller as Apple's AIC (t8103.dtsi's compatible pair). */
const aic = (files: Files = fixed()) => edit(files, 'acme-a1.dtsi', 'compatible = "arm,gic-v3";', 'compatible = "apple,t8103-aic", "apple,aic";');

const GICV2_FIX = 'use gic-version=2 (or host) and a guest DT with a GICv2 (the QEMU gic-version=2 dump)';
const NO_V3 = `the host's GIC ${GIC} is a GICv2 (arm,gic-400): it has no GICv3 CPU interface, so vgic_v2_probe registers only the GICv2 device`;
const NO_KVM_INFO = `the host's GIC ${GIC} has no maintenance interrupt (its interrupts entry 0), so gic_of_setup_kvm_info gives KVM nothing and KVM has no vGIC`;

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: gic-version=3 on a GICv3 host (KVM has a vGICv3)', files: fixed() },
    { name: 'gic-version=host on a GICv3 host: 3', files: machine(fixed(), '-M virt,gic-version=host') },
    { name: 'gic-version=max on a GICv3 host: 3', files: machine(fixed(), '-M virt,gic-version=max') },
    { name: 'no gic-version on a GICv3 without GICV: 3 (no vGICv2)', files: machine(fixed(), '-M virt') },
    { name: 'gic-version=2 on a GICv3 with a GICV region: KVM registers a vGICv2', files: machine(v3WithGicv(), '-M virt,gic-version=2') },
    { name: 'gic-version=2 on a GIC-400 host', files: machine(gic400(), '-M virt,gic-version=2') },
    { name: 'gic-version=host on a GIC-400 host: 2', files: machine(gic400(), '-M virt,gic-version=host') },
    { name: 'no gic-version on a GIC-400 host with 8 vCPUs: 2', files: machine(gic400(), '-M virt -smp 8') },
    { name: 'no gic-version, 12 vCPUs, a GICv3 with GICV: 3 (more vCPUs than a GICv2 serves)', files: machine(v3WithGicv(), '-M virt -smp cpus=4,maxcpus=12') },
    { name: 'another accelerator than KVM: not checked', files: edit(machine(gic400(), '-M virt,gic-version=3'), 'qemu-args.txt', '-enable-kvm', '-accel tcg') },
    { name: 'kernel-irqchip=off asked for with gic-version=2: a userspace GICv2 by choice', files: machine(fixed(), '-M virt,gic-version=2,kernel-irqchip=off') },
    { name: 'no -M at all: nothing to resolve', files: edit(fixed(), 'qemu-args.txt', '-M virt,gic-version=3 ', '') },
    { name: 'gic-version=3 on an Apple AIC host: KVM has a vGICv3 (aic_of_ic_init)', files: aic() },
    { name: 'gic-version=host on an Apple AIC host: 3', files: machine(aic(), '-M virt,gic-version=host') },
    { name: 'no gic-version on an Apple AIC host: 3 (no vGICv2)', files: machine(aic(), '-M virt') },
  ],
  invalid: [
    {
      name: 'gic-version=3 on a GIC-400 host (Tegra194, H6): no vGICv3',
      files: gic400(),
      errors: [{ messageId: 'exits', data: { message: 'host does not support in-kernel GICv3 emulation', request: 'gic-version=3', why: NO_V3, fix: GICV2_FIX }, level: 'error', ...AT }],
    },
    {
      name: 'gic-version=2 on a GICv3 without a GICV region (RK3588): no vGICv2',
      files: machine(fixed(), '-M virt,gic-version=2'),
      errors: [
        {
          messageId: 'exits',
          data: {
            message: 'host does not support in-kernel GICv2 emulation',
            request: 'gic-version=2',
            why: `the host's GICv3 ${GIC} has 2 reg entries, no GICV region (entry 4, after GICD, the GICR, GICC and GICH), so vgic_v3_probe registers no GICv2 device`,
            fix: 'use gic-version=3 (or host) and a guest DT with a GICv3 (the QEMU gic-version=3 dump)',
          },
          ...AT,
        },
      ],
    },
    {
      name: 'gic-version=4 with KVM',
      files: machine(fixed(), '-M virt,gic-version=4'),
      errors: [
        {
          messageId: 'exits',
          data: { message: 'gic-version=4 is not supported with KVM', request: 'gic-version=4', why: 'QEMU 7.2 emulates a GICv4 only without KVM', fix: "use gic-version=3 (what the host's GIC lets KVM emulate) and a guest DT with that GIC" },
          ...AT,
        },
      ],
    },
    {
      name: 'no gic-version, a GIC-400 host and 12 vCPUs',
      files: machine(gic400(), '-M virt -smp 12'),
      errors: [
        {
          messageId: 'exits',
          data: { message: 'host only supports in-kernel GICv2 emulation but more than 8 vcpus are requested', request: 'no gic-version', why: "the host's GIC is a GICv2 and -smp asks for 12 vCPUs", fix: 'run at most 8 vCPUs' },
          ...AT,
        },
      ],
    },
    {
      name: 'gic-version=host on a GIC-400 host with 12 vCPUs: a GICv2 machine takes 8',
      files: machine(gic400(), '-M virt,gic-version=host -smp sockets=2,cores=6'),
      errors: [
        {
          messageId: 'exits',
          data: {
            message: "Number of SMP CPUs requested (12) exceeds max CPUs supported by machine 'mach-virt' (8)",
            request: 'gic-version=host',
            why: 'gic-version=host resolves to 2: KVM has only a vGICv2 on the host\'s GICv2, and a GICv2 serves at most 8 vCPUs',
            fix: 'run at most 8 vCPUs',
          },
          ...AT,
        },
      ],
    },
    {
      name: 'a host GIC without its maintenance interrupt and gic-version=3: no in-kernel irqchip',
      files: noMaintenance(),
      errors: [
        {
          messageId: 'exits',
          data: {
            message: 'gic-version=3 is not supported with kernel-irqchip=off',
            request: 'gic-version=3',
            why: `${NO_KVM_INFO} (KVM_CAP_IRQCHIP is 0, so QEMU runs without an in-kernel irqchip)`,
            fix: 'give the host GIC node its maintenance interrupt and KVM regions, or use gic-version=2 (QEMU emulates the GICv2 in userspace) and a guest DT with a GICv2',
          },
          ...AT,
        },
      ],
    },
    {
      name: 'a host GIC without its maintenance interrupt and gic-version=2: a userspace GICv2 (warning)',
      files: machine(noMaintenance(), '-M virt,gic-version=2'),
      errors: [
        {
          messageId: 'userspace',
          data: {
            how: `gic-version=2 without an in-kernel irqchip (${NO_KVM_INFO}): QEMU emulates a GICv2 in userspace`,
            fix: 'give the host GIC node what KVM needs (maintenance interrupt, GICH and GICV regions) if the hardware has them',
          },
          level: 'warning',
          ...AT,
        },
      ],
    },
    {
      name: 'a GIC-400 without GICH/GICV and gic-version=host: QEMU keeps host and builds a GICv3 it cannot have',
      files: machine(edit(gic400(), 'acme-a1.dtsi', ', <0x0 0x51a04000 0 0x2000>, <0x0 0x51a06000 0 0x2000>;', ';'), '-M virt,gic-version=host'),
      errors: [
        {
          messageId: 'exits',
          data: {
            message: 'Userspace GICv3 is not supported with KVM',
            request: 'gic-version=host',
            why: `the host's GICv2 ${GIC} has 2 reg entries, no GICH and GICV region (entries 2 and 3), so gic_of_setup_kvm_info gives KVM nothing and KVM has no vGIC; QEMU 7.2 warns "gic-version=host not relevant with kernel-irqchip=off as only userspace GICv2 is supported. Using v2 ..." but keeps gic-version=host, which create_gic builds as a GICv3`,
            fix: 'use gic-version=2 (QEMU emulates the GICv2 in userspace) and a guest DT with a GICv2',
          },
          ...AT,
        },
      ],
    },
    {
      name: 'kernel-irqchip=off on -accel and gic-version=3',
      files: edit(fixed(), 'qemu-args.txt', '-enable-kvm', '-accel kvm,kernel-irqchip=off'),
      errors: [{ messageId: 'exits', data: { message: 'gic-version=3 is not supported with kernel-irqchip=off', request: 'gic-version=3', why: 'kernel-irqchip=off', fix: 'use gic-version=2 and a guest DT with a GICv2' }, ...AT }],
    },
    {
      name: 'the host GIC disabled: dtlint cannot tell',
      files: edit(fixed(), 'acme-a1.dtsi', MAINTENANCE, `${MAINTENANCE}\n\t\tstatus = "disabled";`),
      errors: [{ messageId: 'unknown', data: { request: 'gic-version=3', reason: `the host's GIC ${GIC} has status "disabled"` }, level: 'warning', ...AT }],
    },
    {
      name: 'a root interrupt controller dtlint does not know: cannot tell',
      files: edit(fixed(), 'acme-a1.dtsi', 'compatible = "arm,gic-v3";', 'compatible = "acme,irqc";'),
      errors: [
        {
          messageId: 'unknown',
          data: { request: 'gic-version=3', reason: `the host's root interrupt controller ${GIC} is "acme,irqc", not a GIC compatible dtlint knows` },
          level: 'warning',
          ...AT,
        },
      ],
    },
    {
      name: 'gic-version=2 on an Apple AIC host (M1): no vGICv2',
      files: machine(aic(), '-M virt,gic-version=2'),
      errors: [
        {
          messageId: 'exits',
          data: {
            message: 'host does not support in-kernel GICv2 emulation',
            request: 'gic-version=2',
            why: `the host's interrupt controller ${GIC} is Apple's AIC ("apple,aic"): aic_of_ic_init gives KVM GICv3 information without a GICV region, so vgic_v3_probe registers no GICv2 device`,
            fix: 'use gic-version=3 (or host) and a guest DT with a GICv3 (the QEMU gic-version=3 dump)',
          },
          level: 'error',
          ...AT,
        },
      ],
    },
    {
      name: 'no gic-version on a GICv3 with GICV: QEMU picks 2 or 3 by what the CPU interface can do',
      files: machine(v3WithGicv(), '-M virt'),
      errors: [
        {
          messageId: 'unknown',
          data: {
            request: 'no gic-version',
            reason: 'without gic-version QEMU picks GICv2 when KVM has one: the host GICv3 has a GICV region, but vgic_v3_probe registers the GICv2 device only when the CPU interface can do MMIO access (ICH_VTR_EL2, which dtlint cannot see)',
          },
          ...AT,
        },
      ],
    },
    {
      name: 'a GIC-400 whose GICC region is 4 KiB: hardware and irqchip.gicv2_force_probe decide',
      files: machine(gic400(fixed(), '0x1000'), '-M virt,gic-version=2'),
      errors: [
        {
          messageId: 'unknown',
          data: {
            request: 'gic-version=2',
            reason: "the host GIC's GICC region is 4096 bytes, under 8 KiB: whether KVM gets a vGIC depends on the hardware and irqchip.gicv2_force_probe (irq-gic.c gic_check_eoimode)",
          },
          ...AT,
        },
      ],
    },
  ],
});

describe(`${ID}: symptom and the host GIC note`, () => {
  it('an exit names the host GIC and QEMU exiting', () => {
    const [f] = checkFiles(gic400(), { rules: [ID] }).findings;
    expect(f!.symptom).toBe('QEMU exits at start');
    expect(f!.related.map((r) => [r.message, r.at.file.split('/').pop(), r.at.line])).toEqual([[`the host's GIC ${GIC}`, 'acme-a1.dtsi', 29]]);
  });
});
