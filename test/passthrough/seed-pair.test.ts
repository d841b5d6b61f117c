/**
 * `dtlint check` on the seed's own files (the i.MX 8QM Ethernet passthrough write-up) against Linux
 * 6.12: the host as written (dtc rejects it for `&sata`; the pair check still runs), the guest as the
 * write-up assembles it on a QEMU 7.2 `virt,gic-version=3` dump, the write-up's three -device
 * arguments. Variants are made in memory over the seed's paths. Skipped, saying so, without the corpus.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceHost } from '../../src/dts/source.js';
import type { Finding } from '../../src/lint/finding.js';
import { checkPair, type CheckResult } from '../../src/passthrough/check.js';
import { formatStylish } from '../../src/report/stylish.js';

const KERNEL = process.env.DTLINT_KERNEL ?? '/root/.cache/dtlint/linux-source-6.12';
const SEED = process.env.DTLINT_SEED ?? join(process.cwd(), 'fixtures/seed');
const HOST = join(SEED, 'imx8qm-mek_conn-host.dts');
const GUEST = join(SEED, 'imx8qm-mek_conn-guest.dts');
const QEMU = join(SEED, 'qemu-args.txt');
const present = existsSync(HOST) && existsSync(join(KERNEL, 'include/dt-bindings/firmware/imx/rsrc.h'));
if (!present) console.warn(`seed pair test skipped: needs ${HOST} and ${KERNEL}`);
const includeDirs = ['arch/arm64/boot/dts', 'scripts/dtc/include-prefixes', 'include'].map((d) => join(KERNEL, d));

const read = (path: string): string => readFileSync(path, 'latin1');

/** The seed pair with in-memory edits of the host and guest text. */
function check(edits: { host?: (t: string) => string; guest?: (t: string) => string } = {}): CheckResult {
  const overrides = new Map<string, string>();
  if (edits.host) overrides.set(HOST, edits.host(read(HOST)));
  if (edits.guest) overrides.set(GUEST, edits.guest(read(GUEST)));
  return checkPair({ host: HOST, guest: GUEST, qemu: QEMU }, { includeDirs, host: new SourceHost(overrides), cwd: SEED });
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from).length - 1).toBe(1);
  return text.replace(from, to);
}

/** Closes the two comments that swallow code: the host's three overrides, the guest bus's ranges. */
const fixHostComment = (t: string): string => replaceOnce(t, ' * Timer device for fec1\n', ' * Timer device for fec1\n */\n');
const fixGuestComment = (t: string): string => replaceOnce(t, '/* Devices register remapping \n', '/* Devices register remapping */\n');
/** NXP's own kernel trees give lsio_mu2 its power domain; Linux 6.12 does not. */
const nxpMu2 = (t: string): string => `${t}\n&lsio_mu2 {\n    power-domains = <&pd IMX_SC_R_MU_2A>;\n};\n`;

function of(findings: readonly Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.at.file.split('/').pop()}:${f.at.line}:${f.at.column} ${f.message}`);
}

(present ? describe : describe.skip)('the seed pair against Linux 6.12', () => {
  let seed: CheckResult;
  beforeAll(() => {
    seed = check();
  });

  it('runs the pair rules although dtc rejects the host (&sata), and reports that too', () => {
    expect(seed.notifications).toEqual([]);
    expect(of(seed.findings, 'unresolved-reference')).toEqual(['imx8qm-mek_conn-host.dts:164:1 Label or path sata not found']);
    expect(seed.pairs).toHaveLength(1);
  });

  it('the clock controller and the mailbox are passed without iommus (their overrides are inside a comment)', () => {
    expect(of(seed.findings, 'passthrough-no-iommu')).toEqual([
      'qemu-args.txt:1:297 enet0_lpcg (5b230000.clock-controller) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it',
      'qemu-args.txt:1:395 lsio_mu2 (5d1d0000.mailbox) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it',
    ]);
    const related = seed.findings.filter((f) => f.ruleId === 'passthrough-no-iommu').map((f) => f.related[0]!);
    expect(related.map((r) => [r.message, r.at.line])).toEqual([
      ['an override of enet0_lpcg here is not active (inside a comment?)', 126],
      ['an override of lsio_mu2 here is not active (inside a comment?)', 143],
    ]);
    // In Linux 6.12 lsio_mu2 is disabled in the SoC .dtsi, and its enabling override is in the comment too.
    expect(of(seed.findings, 'passthrough-unknown-device')).toEqual([
      'qemu-args.txt:1:395 5d1d0000.mailbox names /bus@5d000000/mailbox@5d1d0000, which is disabled (status "disabled"): Linux creates no platform device for it, so vfio-platform has nothing to bind',
    ]);
  });

  it('U-Boot strips the clock controller (power-domains = IMX_SC_R_ENET_0 of rsrcs); 6.12 gives lsio_mu2 no power-domains', () => {
    expect(of(seed.findings, 'uboot-strip')).toEqual([
      'qemu-args.txt:1:297 U-Boot disables enet0_lpcg at boot ("Disable clock-controller@5b230000 rsrc 251 not owned"): its power-domains names IMX_SC_R_ENET_0, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5b230000.clock-controller to bind; delete power-domains in the override and add `fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;`',
    ]);
    // Even with lsio_mu2's power domain as NXP's trees have it, the mailbox stays disabled here (its
    // enabling override is in the comment), and U-Boot only touches enabled nodes.
    expect(of(check({ host: nxpMu2 }).findings, 'uboot-strip')).toHaveLength(1);
  });

  it('the guest configures IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA, which the partition does not own', () => {
    expect(of(seed.findings, 'pinctrl-pad-not-assigned').filter((f) => f.startsWith('imx8qm-mek_conn-guest.dts'))).toEqual([
      'imx8qm-mek_conn-guest.dts:666:13 the guest configures pad IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA (268), which /domu/doma pads does not give it: the SCU firmware refuses it, so pinctrl fails for fec1',
    ]);
    // The host's sai0 still uses the SAI1/SPI pads the partition hands to the guest.
    expect(of(seed.findings, 'pinctrl-pad-not-assigned').filter((f) => f.startsWith('imx8qm-mek.dts'))).toHaveLength(1);
  });

  it('names the guest interrupt parent that is a CPU, as a cause of no interrupts', () => {
    const f = seed.findings.filter((x) => x.ruleId === 'interrupt-mismatch');
    expect(f.map((x) => `${x.at.line}:${x.at.column} ${x.messageId} ${x.symptom}`)).toEqual(['157:2 parentNotController no interrupts in the guest']);
    expect(f[0]!.message).toContain('names 0x8001 (/cpus/cpu@0), which is no interrupt controller (a CPU)');
  });

  it('says the guest addresses cannot be computed: the platform bus lost its ranges', () => {
    expect(of(seed.findings, 'mmio-mismatch').map((f) => f.split(': /platform@c000000 has no ranges')[0])).toEqual([
      'imx8qm-mek_conn-guest.dts:173:16 the guest address of fec1 cannot be computed',
      'imx8qm-mek_conn-guest.dts:200:16 the guest address of enet0_lpcg cannot be computed',
      'imx8qm-mek_conn-guest.dts:226:10 the guest address of lsio_mu2 cannot be computed',
    ]);
  });

  it('smmu-sid-unprogrammed fires at the &fec1 override, with the resource the deleted power-domains named', () => {
    expect(of(seed.findings, 'smmu-sid-unprogrammed')).toEqual([
      'imx8qm-mek_conn-host.dts:105:5 U-Boot cannot program stream ID 0x12 of fec1: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA carries no programmed stream ID and faults (no packets, no completion interrupts); add `fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;`',
    ]);
    const added = check({ host: (t) => replaceOnce(t, '    status = "okay";\n\n    /delete-property/ power-domains;\n', '    status = "okay";\n    fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;\n\n    /delete-property/ power-domains;\n') });
    expect(of(added.findings, 'smmu-sid-unprogrammed')).toEqual([]);
  });

  it('with the two comments fixed: the overrides take effect, uboot-strip still fires on lsio_mu2 where it keeps power-domains', () => {
    const fixed = check({ host: fixHostComment, guest: fixGuestComment });
    expect(fixed.notifications).toEqual([]);
    expect(of(fixed.findings, 'comment-swallows-code')).toEqual([]);
    expect(of(fixed.findings, 'passthrough-no-iommu')).toEqual([]);
    expect(of(fixed.findings, 'mmio-mismatch')).toEqual([]);
    expect(of(fixed.findings, 'uboot-strip')).toEqual([]);
    // The &lsio_mu2 override keeps power-domains (NXP's trees have one): U-Boot strips the mailbox.
    const nxp = check({ host: (t) => nxpMu2(fixHostComment(t)), guest: fixGuestComment });
    expect(of(nxp.findings, 'uboot-strip')).toEqual([
      'imx8qm-mek_conn-host.dts:178:26 U-Boot disables lsio_mu2 at boot ("Disable mailbox@5d1d0000 rsrc 215 not owned"): its power-domains names IMX_SC_R_MU_2A, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5d1d0000.mailbox to bind; delete power-domains in the override and add `fsl,sc_rsrc_id = <IMX_SC_R_MU_2A>;`',
    ]);
    // Without power-domains and fsl,sc_rsrc_id, the clock controller and the mailbox get no stream ID either.
    expect(of(fixed.findings, 'smmu-sid-unprogrammed').map((f) => f.split(' of ')[1]!.split(':')[0])).toEqual(['fec1', 'enet0_lpcg', 'lsio_mu2']);
  });

  it('the stylish output names the findings that explain "no interrupts" and "no packets"', () => {
    const text = formatStylish(seed.findings, { color: false, cwd: SEED, frames: false });
    expect(text).toContain('symptom: no interrupts in the guest\n');
    expect(text).toContain('symptom: DMA faults: no packets, no interrupts in the guest\n');
  });

  it("kernel-config on the write-up's options (a fragment): ARM_SMMU_V3_SVA drives no hardware on the SMMUv2 SoC; KVM is left to the base config", () => {
    const r = checkPair({ host: HOST, guest: GUEST, qemu: QEMU, kconfig: join(SEED, 'host.config') }, { includeDirs, host: new SourceHost(new Map()), cwd: SEED });
    expect(of(r.findings, 'kernel-config')).toEqual([
      'host.config:1:1 host.config does not set CONFIG_KVM (a fragment leaves it to the base config): passthrough needs KVM (/dev/kvm): without it QEMU with -enable-kvm or -accel kvm fails ("Could not access KVM kernel module"); make sure the base config enables it',
      "host.config:3:1 CONFIG_ARM_SMMU_V3_SVA=y: the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here; the SoC's /iommu@51400000 (arm,mmu-500) needs CONFIG_ARM_SMMU, which host.config does not enable",
    ]);
    expect(r.findings.filter((f) => f.ruleId === 'kernel-config').map((f) => [f.level, f.symptom])).toEqual([
      ['warning', 'QEMU refuses the device'],
      ['warning', 'none: the option drives no hardware on this SoC'],
    ]);
  });
});
