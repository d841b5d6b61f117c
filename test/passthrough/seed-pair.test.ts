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
import { checkPair, type CheckResult } from '../../src/run/check.js';
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
      'qemu-args.txt:1:297 enet0_lpcg (5b230000.clock-controller) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use)',
      'qemu-args.txt:1:395 lsio_mu2 (5d1d0000.mailbox) is passed through but has no iommus: it belongs to no IOMMU group, so vfio-platform cannot take it and QEMU cannot open it (VFIO\'s unsafe no-IOMMU mode lets vfio-platform bind it, in a group QEMU cannot use)',
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
      'qemu-args.txt:1:297 U-Boot disables enet0_lpcg at boot ("Disable clock-controller@5b230000 rsrc 251 not owned"): its power-domains names IMX_SC_R_ENET_0, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5b230000.clock-controller to bind; delete power-domains in the override (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)',
    ]);
    // Even with lsio_mu2's power domain as NXP's trees have it, the mailbox stays disabled here (its
    // enabling override is in the comment), and U-Boot only touches enabled nodes.
    expect(of(check({ host: nxpMu2 }).findings, 'uboot-strip')).toHaveLength(1);
  });

  it('the guest configures IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA, which the partition does not own', () => {
    expect(of(seed.findings, 'pinctrl-pad-not-assigned').filter((f) => f.startsWith('imx8qm-mek_conn-guest.dts'))).toEqual([
      'imx8qm-mek_conn-guest.dts:666:13 the guest configures pad IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA (268), which /domu/doma pads does not give it: the SCU firmware refuses the call, so the pin state of fec1 stops at this pad ("Error applying setting"): the 14 pads after it in fec1grp stay unconfigured',
    ]);
    // The host's sai0 still uses the SAI1/SPI pads the partition hands to the guest.
    expect(of(seed.findings, 'pinctrl-pad-not-assigned').filter((f) => f.startsWith('imx8qm-mek.dts'))).toHaveLength(1);
  });

  it('the guest interrupt parent that is a CPU: one finding, by interrupt-parent, a warning (Linux walks on to the GIC)', () => {
    // fec1 gets SPI 0x70-0x73 and lsio_mu2 SPI 0x74, as QEMU delivers them: no interrupt-mismatch.
    expect(of(seed.findings, 'interrupt-mismatch')).toEqual([]);
    const f = seed.findings.filter((x) => x.at.line === 157 && x.at.file.endsWith('guest.dts'));
    expect(f.map((x) => `${x.at.line}:${x.at.column} ${x.ruleId} ${x.level} ${x.messageId}`)).toEqual(['157:2 interrupt-parent warning notControllerFallback']);
    expect(f[0]!.message).toContain('Linux walks on up from /cpus/cpu@0 (of_irq_find_parent) and still maps the interrupts');
    expect(f[0]!.message).toContain('point it at /intc@8000000 (phandle 0x8002)');
  });

  it('the platform bus lost its ranges: reg-not-translatable says so once, naming the three devices; mmio-mismatch adds nothing', () => {
    expect(of(seed.findings, 'mmio-mismatch')).toEqual([]);
    const f = seed.findings.filter((x) => x.ruleId === 'reg-not-translatable');
    expect(of(f, 'reg-not-translatable')).toEqual([
      'imx8qm-mek_conn-guest.dts:155:1 /platform@c000000 has no ranges, so the reg of /platform@c000000/ethernet@5b040000, /platform@c000000/clock-controller@5b230000 and /platform@c000000/mailbox@5d1d0000 cannot be translated to CPU addresses: those devices get no MMIO resources',
    ]);
    expect(f[0]!.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual([
      '173:9 reg of /platform@c000000/ethernet@5b040000',
      '200:9 reg of /platform@c000000/clock-controller@5b230000',
      '226:3 reg of /platform@c000000/mailbox@5d1d0000',
    ]);
  });

  it('smmu-sid-unprogrammed fires at the &fec1 override, with the resource the deleted power-domains named', () => {
    expect(of(seed.findings, 'smmu-sid-unprogrammed')).toEqual([
      'imx8qm-mek_conn-host.dts:105:5 U-Boot programs no stream ID for fec1: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
    ]);
    const added = check({ host: (t) => replaceOnce(t, '    status = "okay";\n\n    /delete-property/ power-domains;\n', '    status = "okay";\n    fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;\n\n    /delete-property/ power-domains;\n') });
    expect(of(added.findings, 'smmu-sid-unprogrammed')).toEqual([]);
  });

  it('smmu-bypass-disabled: the host deletes the iommus of usdhc1 (eMMC) and usdhc2 (SD) while the SMMU stays enabled: warnings, the command line unseen', () => {
    // imx8qm.dtsi gives the SMMU no status (enabled upstream); usdhc3 and fec2 are disabled; usbotg3's deletions delete nothing.
    const found = seed.findings.filter((f) => f.ruleId === 'smmu-bypass-disabled');
    expect(found.map((f) => `${f.at.line}:${f.at.column} ${f.level} ${f.messageId} ${f.message.split(' loses DMA')[0]}`)).toEqual([
      '153:5 warning blockedUnless usdhc1',
      '157:5 warning blockedUnless usdhc2',
    ]);
    expect(found[0]!.message).toContain('U-Boot programs it no stream ID either (config_smmu_fdt reads iommus)');
    expect(found[0]!.message).toContain('the host\'s command line must hold arm-smmu.disable_bypass=0 (dtlint sees no command line');
    const bypass = check({ host: (t) => `${t}\n/ {\n    chosen {\n        bootargs = "console=ttyLP0,115200 arm-smmu.disable_bypass=0";\n    };\n};\n` });
    expect(of(bypass.findings, 'smmu-bypass-disabled')).toEqual([]);
  });

  it('with the host comment closed (guest as written): smmu-sid-unprogrammed names fec1 only, never lsio_mu2 with IMX_SC_R_ENET_0', () => {
    const hostFixed = check({ host: fixHostComment });
    // enet0_lpcg (a clock gate) and lsio_mu2 (a mailbox) now carry iommus without a resource, but master no DMA.
    expect(of(hostFixed.findings, 'smmu-sid-unprogrammed').map((f) => f.split(' stream ID for ')[1]!.split(':')[0])).toEqual(['fec1']);
    expect(of(hostFixed.findings, 'smmu-sid-unprogrammed')[0]).toContain('add `fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;` (its own resource, from the power-domains it deletes)');
  });

  it('SCU resources and clocks: every resource on its side, no clock a host driver must hold (issue 16)', () => {
    // The guest uses IMX_SC_R_ENET_0 only, which rsrcs gives it; fec1 deletes its clocks; the passed
    // clock gate and mailbox use SCU and LPCG clocks, which clk_disable_unused cannot see.
    expect(of(seed.findings, 'scu-resource-not-owned')).toEqual([]);
    expect(of(seed.findings, 'passed-clock-gated')).toEqual([]);
    expect(of(seed.findings, 'passed-power-domains')).toEqual([]);
    // Keeping 6.12's assigned-clocks = <&clk IMX_SC_R_ENET_0 IMX_SC_C_CLKDIV> on the passed fec1: the
    // host registers no clock of a given resource, so platform_probe fails before vfio-platform.
    const keeps = check({ host: (t) => replaceOnce(t, '    /delete-property/ assigned-clocks;\n    /delete-property/ assigned-clock-rates;\n    /delete-property/ phy-handle;', '    /delete-property/ phy-handle;') });
    expect(of(keeps.findings, 'scu-resource-not-owned').map((f) => f.split(': ')[0])).toEqual(["imx8qm-mek_conn-host.dts:100:1 fec1's assigned-clocks names an SCU clock of IMX_SC_R_ENET_0, which /domu/doma rsrcs gives to the guest"]);
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
      'imx8qm-mek_conn-host.dts:178:26 U-Boot disables lsio_mu2 at boot ("Disable mailbox@5d1d0000 rsrc 215 not owned"): its power-domains names IMX_SC_R_MU_2A, which /domu/doma rsrcs gives to the guest, so vfio-platform finds no 5d1d0000.mailbox to bind; delete power-domains in the override (it masters no DMA, so it needs no fsl,sc_rsrc_id for a stream ID)',
    ]);
    // Without power-domains and fsl,sc_rsrc_id the clock gate and the mailbox get no stream ID either,
    // but they master no DMA: only fec1 can fault, and its fix names its own IMX_SC_R_ENET_0.
    expect(of(fixed.findings, 'smmu-sid-unprogrammed').map((f) => f.split(': ')[0] + ' ' + f.split('add ')[1])).toEqual([
      'imx8qm-mek_conn-host.dts:105:5 U-Boot programs no stream ID for fec1 `fsl,sc_rsrc_id = <IMX_SC_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
    ]);
    expect(of(fixed.findings, 'smmu-sid-unprogrammed').join('\n')).not.toMatch(/lsio_mu2|enet0_lpcg/);
  });

  it('the stylish output names the finding that explains "no packets" (nothing in the seed explains "no interrupts" on Linux)', () => {
    const text = formatStylish(seed.findings, { color: false, cwd: SEED, frames: false });
    expect(text).toContain('symptom: DMA faults: no packets\n');
    expect(text).not.toContain('symptom: no interrupts in the guest');
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
