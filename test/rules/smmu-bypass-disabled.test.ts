import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, PDIR, type Files } from './pair-harness.js';

const ID = 'smmu-bypass-disabled';
const tester = new RuleTester({ scope: 'pair' });

/**
 * The fixed example (usdhc1 keeps its iommus) on a SoC that is not an i.MX 8QM (no SCU stream-ID
 * programming), without its host.cmdline: each case says which command line dtlint sees.
 */
function base(): Files {
  const { 'host.cmdline': _cmdline, ...rest } = example('fixed');
  let files: Files = rest;
  files = edit(files, 'acme-a1.dtsi', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
  files = edit(files, 'guest.dts', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
  return files;
}

/** The host keeps usdhc1 "out of the IOMMU", as the i.MX 8QM write-up does. */
const DELETION = '\n&usdhc1 {\n\t/delete-property/ iommus;\n};\n';
const deleted = (files: Files = base()): Files => ({ ...files, 'host.dts': files['host.dts'] + DELETION });
/** Line of `/delete-property/ iommus;` in the appended override. */
const deletionLine = (files: Files): number => files['host.dts']!.split('\n').length - 2;

const withBootargs = (files: Files, args: string): Files => edit(files, 'host.dts', '\tmodel = "ACME A1 example board";', `\tmodel = "ACME A1 example board";\n\n\tchosen {\n\t\tbootargs = "${args}";\n\t};`);
const withCmdline = (files: Files, text: string): Files & { 'cmdline.txt': string } => ({ ...files, 'cmdline.txt': text });
const cmdlineSpec = { spec: { cmdline: `${PDIR}/cmdline.txt` } };
const kconfigY = (files: Files): Files => ({ ...files, 'host.config': `${files['host.config']!}CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y\n` });

const MASTER = { master: 'usdhc1', property: 'iommus', smmu: 'smmu' };
const UNLESS = { ...MASTER, ifMaster: '', sidNote: ' (stream ID 0x11)', caveat: '' };

/** The SMMU disabled in the SoC file and enabled by the board, with a USB controller on eth0's bus and no iommus. */
function newlyEnabled(): Files {
  let files = base();
  files = edit(files, 'acme-a1.dtsi', '\t\tinterrupts = <GIC_SPI 32 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 32 IRQ_TYPE_LEVEL_HIGH>;\n\t};', '\t\tinterrupts = <GIC_SPI 32 IRQ_TYPE_LEVEL_HIGH>, <GIC_SPI 32 IRQ_TYPE_LEVEL_HIGH>;\n\t\tstatus = "disabled";\n\t};');
  files = edit(files, 'acme-a1.dtsi', '\t\tusdhc1: mmc@5b010000 {', '\t\tusb0: usb@5b0d0000 {\n\t\t\tcompatible = "acme,a1-usb";\n\t\t\treg = <0x5b0d0000 0x10000>;\n\t\t};\n\n\t\tusdhc1: mmc@5b010000 {');
  return { ...files, 'host.dts': `${files['host.dts']!}\n&smmu {\n\tstatus = "okay";\n};\n` };
}

tester.run(ID, {
  valid: [
    { name: 'the fixed example: the SMMU was enabled all along, no deletion takes a master off it', files: base() },
    { name: 'arm-smmu.disable_bypass=0 in the --cmdline file: unmatched streams bypass the SMMU', files: withCmdline(deleted(), 'root=/dev/mmcblk0p2 arm-smmu.disable_bypass=0\n'), ...cmdlineSpec },
    { name: 'arm_smmu.disable_bypass=n in /chosen/bootargs (the module name, `_` and `-` alike)', files: withBootargs(deleted(), 'arm_smmu.disable_bypass=n') },
    {
      name: 'a kernel built with ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=n',
      files: { ...deleted(), 'host.config': `${base()['host.config']!}# CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT is not set\n` },
    },
    { name: 'a kernel without the arm-smmu driver blocks nothing (kernel-config reports it)', files: { ...deleted(), 'host.config': base()['host.config']!.replace('CONFIG_ARM_SMMU=y', '# CONFIG_ARM_SMMU is not set') } },
    {
      name: 'the SMMU enabled all along and a master without iommus on its bus: nothing new',
      files: edit(base(), 'acme-a1.dtsi', '\t\tusdhc1: mmc@5b010000 {', '\t\tusb0: usb@5b0d0000 {\n\t\t\tcompatible = "acme,a1-usb";\n\t\t\treg = <0x5b0d0000 0x10000>;\n\t\t};\n\n\t\tusdhc1: mmc@5b010000 {'),
    },
    {
      name: 'a newly enabled SMMU whose bus masters all have iommus: nothing to name',
      files: edit(newlyEnabled(), 'acme-a1.dtsi', '\t\t\tcompatible = "acme,a1-usb";\n', '\t\t\tcompatible = "acme,a1-usb";\n\t\t\tiommus = <&smmu 0x14 0x0>;\n'),
    },
    { name: 'a deleted master that is disabled (eth1 in the fixed example) loses nothing', files: withBootargs(base(), 'quiet') },
    {
      name: 'a deleted stream ID still matched by another master\'s entry is translated, not blocked',
      files: deleted(edit(base(), 'host.dts', '&mu2 {\n\tiommus = <&smmu 0x13 0x0>;', '&mu2 {\n\tiommus = <&smmu 0x11 0x0>;')),
    },
  ],
  invalid: [
    {
      name: 'certain command line without the parameter, kernel config with the default: an error at the deletion',
      files: withCmdline(kconfigY(deleted()), 'root=/dev/mmcblk0p2\n'),
      ...cmdlineSpec,
      errors: [
        {
          messageId: 'blocked',
          data: { ...MASTER, sids: 'ID 0x11', bypass: 'the --cmdline file has no arm-smmu.disable_bypass, and host.config sets CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y' },
          message:
            'usdhc1 loses DMA: this /delete-property/ iommus takes it off smmu, which stays enabled, so arm-smmu sets up no stream-map entry for its stream ID 0x11 and the SMMU blocks its transactions as an unknown stream ("Blocked unknown Stream ID" in the host log): the --cmdline file has no arm-smmu.disable_bypass, and host.config sets CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=y; keep its iommus, or add arm-smmu.disable_bypass=0 to the host\'s command line',
          file: 'host.dts',
          line: deletionLine(deleted()),
          column: 2,
          level: 'error',
        },
      ],
    },
    {
      name: 'arm-smmu.disable_bypass=1 on a certain command line: an error whatever the kernel config',
      files: withCmdline(deleted(), 'arm-smmu.disable_bypass=1\n'),
      ...cmdlineSpec,
      errors: [{ messageId: 'blocked', data: { ...MASTER, sids: 'ID 0x11', bypass: 'the --cmdline file sets arm-smmu.disable_bypass=1' }, line: deletionLine(deleted()), column: 2, level: 'error' }],
    },
    {
      name: 'certain command line, kernel config unknown: a warning that names the default',
      files: withCmdline(deleted(), 'root=/dev/mmcblk0p2\n'),
      ...cmdlineSpec,
      errors: [
        {
          messageId: 'blockedUnless',
          data: { ...UNLESS, need: 'add arm-smmu.disable_bypass=0 to the host\'s command line (the --cmdline file has none; a kernel built with ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=n needs none)' },
          line: deletionLine(deleted()),
          column: 2,
          level: 'warning',
        },
      ],
    },
    {
      name: 'only /chosen/bootargs, without the parameter: a warning saying what the command line must hold',
      files: withBootargs(kconfigY(deleted()), 'root=/dev/mmcblk0p2'),
      errors: [
        {
          messageId: 'blockedUnless',
          data: { ...UNLESS, need: 'the host\'s command line must hold arm-smmu.disable_bypass=0 (/chosen/bootargs has none, and U-Boot\'s bootargs usually replace it)' },
          line: deletionLine(withBootargs(kconfigY(deleted()), 'root=/dev/mmcblk0p2')),
          column: 2,
          level: 'warning',
        },
      ],
    },
    {
      name: 'no command line at all: a warning',
      files: deleted(),
      errors: [
        {
          messageId: 'blockedUnless',
          data: { ...UNLESS, need: 'the host\'s command line must hold arm-smmu.disable_bypass=0 (dtlint sees no command line: give it with --cmdline; a kernel built with ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=n needs none)' },
          line: deletionLine(deleted()),
          column: 2,
          level: 'warning',
        },
      ],
    },
    {
      name: 'i.MX 8QM: U-Boot programs no stream ID for a node without iommus, so which one it carries is the SCU\'s: a warning even on a certain command line',
      files: withCmdline(kconfigY(deleted(edit(base(), 'acme-a1.dtsi', 'compatible = "acme,a1-iomuxc";', 'compatible = "fsl,imx8qm-iomuxc";'))), 'quiet\n'),
      ...cmdlineSpec,
      errors: [
        {
          messageId: 'blockedUnless',
          data: {
            ...UNLESS,
            sidNote: '; U-Boot programs it no stream ID either (config_smmu_fdt reads iommus), so it carries whatever the SCU firmware left',
            caveat: ' (unless that ID matches another master\'s entry)',
            need: 'add arm-smmu.disable_bypass=0 to the host\'s command line (the --cmdline file has none)',
          },
          line: deletionLine(deleted()),
          column: 2,
          level: 'warning',
        },
      ],
    },
    {
      name: 'Layerscape: U-Boot may write the iommus back (fdt_fixup_icid): a warning even on a certain command line',
      files: withCmdline(kconfigY(deleted(edit(base(), 'acme-a1.dtsi', 'compatible = "acme,a1";', 'compatible = "fsl,ls1028a";'))), 'quiet\n'),
      ...cmdlineSpec,
      errors: [
        {
          messageId: 'blockedUnless',
          data: {
            ...UNLESS,
            caveat: ' (unless U-Boot writes its iommus back at boot: fdt_fixup_icid, for the nodes its ICID table names)',
            need: 'add arm-smmu.disable_bypass=0 to the host\'s command line (the --cmdline file has none)',
          },
          line: deletionLine(deleted()),
          column: 2,
          level: 'warning',
        },
      ],
    },
    {
      name: 'SMMUv3: no disable_bypass exists, every unknown stream aborts: an error without any command line',
      files: deleted(edit(base(), 'acme-a1.dtsi', 'compatible = "arm,mmu-500";', 'compatible = "arm,smmu-v3";')),
      errors: [{ messageId: 'blockedV3', data: { ...MASTER, sids: 'ID 0x11' }, line: deletionLine(deleted()), column: 2, level: 'error' }],
    },
    {
      name: 'an SMMU the SoC file disables and the board enables: the master on eth0\'s bus without iommus, named with the right confidence',
      files: newlyEnabled(),
      errors: [
        {
          messageId: 'newSmmu',
          data: {
            smmu: 'smmu',
            upstream: 'acme-a1.dtsi',
            behind: 'usb0 sits behind it without iommus if its transactions go through smmu as those of eth0, on the same bus conn, do',
            their: 'its',
            each: 'it',
            need: 'the host\'s command line must hold arm-smmu.disable_bypass=0 (dtlint sees no command line: give it with --cmdline; a kernel built with ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT=n needs none)',
          },
          file: 'host.dts',
          line: newlyEnabled()['host.dts']!.split('\n').length - 2,
          column: 2,
          level: 'warning',
        },
      ],
    },
  ],
});

describe('smmu-bypass-disabled: masters on two buses', () => {
  // Written for a user's SoC file: the SMMU disabled there, enabled by the board; on each bus one
  // master with iommus and one without.
  const bus = (name: string, base: number, listed: string, unlisted: string, sid: number) =>
    [
      `\t${name}: bus@${base.toString(16)} {`,
      '\t\tcompatible = "simple-bus";',
      '\t\t#address-cells = <1>;',
      '\t\t#size-cells = <1>;',
      '\t\tranges;',
      `\t\t${listed}: mmc@${(base + 0x10000).toString(16)} { compatible = "acme,sdhci"; reg = <0x${(base + 0x10000).toString(16)} 0x1000>; iommus = <&smmu 0x${sid.toString(16)}>; };`,
      `\t\t${unlisted}: mmc@${(base + 0x20000).toString(16)} { compatible = "acme,sdhci"; reg = <0x${(base + 0x20000).toString(16)} 0x1000>; };`,
      '\t};',
    ].join('\n');
  const files = {
    'soc.dtsi': [
      '/ {',
      '\t#address-cells = <1>;',
      '\t#size-cells = <1>;',
      '\tcompatible = "acme,soc";',
      '\tsmmu: iommu@51400000 { compatible = "arm,mmu-500"; reg = <0x51400000 0x40000>; #iommu-cells = <1>; status = "disabled"; };',
      bus('busa', 0x40000000, 'sda', 'sdb', 1),
      bus('busb', 0x50000000, 'sdc', 'sdd', 2),
      '};',
      '',
    ].join('\n'),
    'host.dts': '/dts-v1/;\n#include "soc.dtsi"\n\n&sda {\n\tcompatible = "fsl,dummy";\n};\n\n&smmu {\n\tstatus = "okay";\n};\n',
    'guest.dts': '/dts-v1/;\n\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n};\n',
  };

  it('names each master beside the master with iommus on its own bus', () => {
    const found = checkFiles(files, { rules: [ID], spec: { pass: ['sda'] } }).findings.filter((f) => f.ruleId === ID);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(
      'sdb sits behind it without iommus if its transactions go through smmu as those of sda, on the same bus busa, do, and sdd sits behind it without iommus if its transactions go through smmu as those of sdc, on the same bus busb, do',
    );
  });
});

describe('smmu-bypass-disabled', () => {
  it('says the host loses DMA (the symptom) and points at the value the deletion removed', () => {
    const [f] = checkFiles(deleted(), { rules: [ID] }).findings;
    expect(f?.symptom).toBe('DMA faults');
    expect(f?.related.map((r) => [r.message, r.at.file.split('/').pop(), r.at.line])).toEqual([['the iommus it deletes', 'acme-a1.dtsi', 151]]);
  });
});
