/**
 * The bundled example pair (fixtures/example): the broken pair shows every pair rule, the fixed pair
 * (fixtures/example/fixed) gives no finding from any rule, source rules included. Read from disk, as
 * `dtlint check` would.
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { rules } from '../../rules/index.js';
import { checkPair } from '../../src/run/check.js';

const DIR = join(process.cwd(), 'fixtures/example');
const pairRules = rules.filter((r) => r.scope === 'pair').map((r) => r.id);

function check(dir: string) {
  return checkPair(
    { host: join(dir, 'host.dts'), guest: join(dir, 'guest.dts'), qemu: join(dir, 'qemu-args.txt'), kconfig: join(dir, 'host.config'), cmdline: join(dir, 'host.cmdline') },
    { cwd: process.cwd() },
  );
}

describe('the bundled example pair', () => {
  it('broken: every pair rule fires once but guest-missing-dependency and the rules the example does not exercise (the CPU interrupt parent is interrupt-parent\'s, a source rule)', () => {
    const result = check(DIR);
    expect(result.notifications).toEqual([]);
    const counts = new Map<string, number>();
    for (const f of result.findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(pairRules.map((id) => [id, counts.get(id) ?? 0]))).toEqual({
      'passthrough-unknown-device': 1,
      'passthrough-no-iommu': 1,
      'iommu-group-incomplete': 1,
      'uboot-strip': 1,
      'pinctrl-pad-not-assigned': 1,
      'interrupt-mismatch': 1,
      'mmio-mismatch': 1,
      'smmu-sid-unprogrammed': 1,
      // The host deletes usdhc1's iommus, as the i.MX 8QM write-up does with usdhc1-3.
      'smmu-bypass-disabled': 1,
      'mu-clash': 1,
      'host-consumer-of-passed': 1,
      // The guest's eth0 references only passed counterparts and the guest's SCU; the host's nvmem
      // cell and power domains it leaves out stay with the host (rule tests cover the findings).
      'guest-missing-dependency': 0,
      'kernel-config': 1,
      // host.cmdline holds vfio_platform.reset_required=0 and vfio_iommu_type1.allow_unsafe_interrupts=1
      // (rule tests drop each).
      'vfio-reset-required': 0,
      'vfio-unsafe-interrupts': 0,
      // gic-version=3 on the example's GICv3 host: QEMU starts (rule tests cover the findings).
      'gic-version': 0,
      // init_on_rsrcs names ACME_R_MU_2A, which rsrcs does not give the partition.
      'pair-input': 1,
      // Every passed region is 64 KiB at a 64 KiB boundary: mappable with any host page size.
      'region-not-mmappable': 0,
      // Not exercised by the example: each passed device has lines of its own, none has MSIs, and
      // neither side marks a device dma-coherent (their tests cover the findings).
      'shared-interrupt-line': 0,
      'passthrough-msi': 0,
      'dma-coherence-mismatch': 0,
      // The example's SMMU is an MMU-500 with AArch64 tables: its aperture is the hardware's (-m 512M anyway).
      'iommu-aperture': 0,
      // The example's clocks are SCU clocks and LPCG gates, which clk_disable_unused cannot see.
      'passed-clock-gated': 0,
      // No passed device has more than one power domain.
      'passed-power-domains': 0,
      // Every SCU clock and power domain is on its side (or on a node U-Boot disables, uboot-strip's);
      // the guest side is not judged while its SCU's MU is not in rsrcs (rule tests cover the findings).
      'scu-resource-not-owned': 0,
      // The SMMU of the broken example has no dma-coherent and its host.config is a fragment (no
      // kernel version): a warning for eth0 and mu2 (the clock gate has no iommus there), "on Linux
      // 6.1 and later" VFIO refuses them (arm_smmu_capable).
      'vfio-iommu-coherency': 2,
    });
    // Every pair finding says what the user will see.
    expect(result.findings.filter((f) => pairRules.includes(f.ruleId) && !f.symptom)).toEqual([]);
    // The source rules see the same files: the comment that hides the clock gate's override, the CPU parent.
    expect(counts.get('comment-swallows-code')).toBe(1);
    expect(result.findings.filter((f) => f.ruleId === 'interrupt-parent').map((f) => `${f.at.line}:${f.at.column} ${f.level}`)).toEqual(['77:3 warning']);
  });

  it('fixed: no finding from any rule', () => {
    const result = check(join(DIR, 'fixed'));
    expect(result.notifications).toEqual([]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.at.file}:${f.at.line}: ${f.message}`)).toEqual([]);
  });

  it('gives the same findings and fingerprints on every run', () => {
    const a = check(DIR).findings;
    const b = check(DIR).findings;
    expect(a).toEqual(b);
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(a.length);
  });
});
