import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'smmu-sid-unprogrammed';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const tester = new RuleTester({ scope: 'pair' });
const MMU_MASTERS = (masters: string) => edit(fixed(), 'host.dts', '&eth0 {', `&smmu {\n\tmmu-masters = <${masters}>;\n};\n\n&eth0 {`);
/** The example's finding: eth0's override deletes power-domains and adds no fsl,sc_rsrc_id. */
function eth0NoResource(line: number) {
  return {
    messageId: 'noResource',
    data: {
      node: 'eth0',
      deleted: ' (the override deletes power-domains, so that U-Boot does not disable it)',
      sid: '0x12',
      fix: 'add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
    },
    file: 'host.dts',
    line,
    column: 2,
  };
}

function unnamedClass() {
  let files = edit(example(), 'acme-a1.dtsi', 'eth0: ethernet@5b040000 {', 'eth0: enet@5b040000 {');
  files = edit(files, 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b040000.enet');
  return edit(files, 'acme-a1.dtsi', '\t\t\tpower-domains = <&pd ACME_R_ENET_0>;\n\t\t\tiommus = <&smmu 0x12 0x7f80>;', '\t\t\tiommus = <&smmu 0x12 0x7f80>;');
}

function noDmaWithoutResources() {
  const files = edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n};', '\t/delete-property/ power-domains;\n};');
  return edit(files, 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n', '');
}

function notImx8qm() {
  const files = edit(example(), 'acme-a1.dtsi', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
  return edit(files, 'guest.dts', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
}

tester.run(ID, {
  valid: [
    { name: 'the fixed example: every passed device has fsl,sc_rsrc_id', files: fixed() },
    { name: 'a clock gate and a mailbox master no DMA: no finding without fsl,sc_rsrc_id and power-domains', files: noDmaWithoutResources() },
    { name: 'a mailbox with two iommus entries: no finding, it masters no DMA', files: edit(fixed(), 'host.dts', 'iommus = <&smmu 0x13 0x0>;', 'iommus = <&smmu 0x13 0x0>, <&smmu 0x14 0x0>;') },
    { name: 'not an i.MX 8QM: no SCU pin controller, no fsl,imx8qm root', files: notImx8qm() },
    {
      name: 'fires no more once fsl,sc_rsrc_id is added',
      files: edit(example(), 'host.dts', '\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;'),
    },
  ],
  invalid: [
    {
      name: 'the override deletes power-domains and adds no fsl,sc_rsrc_id (the example): at the deletion, with the fix',
      files: example(),
      errors: [
        {
          ...eth0NoResource(30),
          message:
            'U-Boot programs no stream ID for eth0: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
          level: 'error',
        },
      ],
    },
    {
      name: 'power-domains kept (the mailbox in the example) is enough for U-Boot: the one finding is eth0\'s',
      files: example(),
      errors: [eth0NoResource(30)],
    },
    {
      name: 'an Ethernet controller with two iommus entries',
      files: edit(
        fixed(),
        'host.dts',
        '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;',
        '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\tiommus = <&smmu 0x12 0x7f80>, <&smmu 0x14 0x0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;',
      ),
      errors: [
        {
          messageId: 'notOneEntry',
          data: { node: 'eth0', cells: '6' },
          message:
            'U-Boot programs the stream ID of eth0 only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has 6 cells, so its DMA does not carry the stream ID whose mappings VFIO sets up for the guest and misses them (the SMMU blocks a stream ID it has no entry for)',
          file: 'host.dts',
          line: 33,
          column: 2,
        },
      ],
    },
    {
      name: 'a device whose node name tells no class: a warning, "if it masters DMA", and no resource guessed from elsewhere',
      files: unnamedClass(),
      errors: [
        {
          messageId: 'noResourceMaybe',
          data: {
            node: 'eth0',
            class: 'enet',
            deleted: '',
            sid: '0x12',
            fix: 'add `fsl,sc_rsrc_id = <IMX_SC_R_...>;` with its own SCU resource (dtlint cannot tell which: no power-domains of it is left to read)',
          },
          message:
            'if eth0 masters DMA (dtlint cannot tell from its node name "enet"), U-Boot programs no stream ID for it: it has neither fsl,sc_rsrc_id nor power-domains, so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <IMX_SC_R_...>;` with its own SCU resource (dtlint cannot tell which: no power-domains of it is left to read)',
          file: 'host.dts',
          line: 27,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a legacy mmu-masters takes precedence over iommus',
      files: MMU_MASTERS('&eth0 0x12'),
      errors: [
        {
          messageId: 'legacyMmuMasters',
          data: { smmu: '/iommu@51400000', node: 'eth0', sid: '0x12' },
          message: 'mmu-masters on /iommu@51400000 takes precedence: U-Boot ignores the iommus of eth0 and programs stream ID 0x12 from mmu-masters instead',
          file: 'host.dts',
          line: 33,
          column: 1,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a legacy mmu-masters that lists a device without a resource: U-Boot still programs nothing',
      files: edit(
        MMU_MASTERS('&eth0 0x12'),
        'host.dts',
        '\tstatus = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;',
        '\tstatus = "okay";\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;',
      ),
      errors: [{ ...eth0NoResource(36), level: 'error' }],
    },
    {
      name: 'a legacy mmu-masters that does not list the Ethernet controller',
      files: MMU_MASTERS('&mu2 0x13'),
      errors: [
        {
          messageId: 'notInMmuMasters',
          data: { smmu: '/iommu@51400000', node: 'eth0' },
          message:
            'mmu-masters on /iommu@51400000 takes precedence over iommus and does not list eth0: U-Boot programs no stream ID for it, so its DMA misses the mappings VFIO sets up for the guest (the SMMU blocks a stream ID it has no entry for)',
          file: 'host.dts',
          line: 33,
          column: 1,
          level: 'error',
        },
      ],
    },
  ],
});

// What the tester does not compare: symptoms and the related locations' messages.
describe(`${ID}: symptoms and related locations`, () => {
  it('the example: no packets; the deleted power-domains, the iommus and the -device related', () => {
    const f = checkFiles(example(), run).findings[0]!;
    expect(f.symptom).toBe('DMA faults: no packets');
    expect(f.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line])).toEqual([
      ['the power-domains it deletes', 'acme-a1.dtsi', 118],
      ['iommus', 'acme-a1.dtsi', 119],
      ['passed to QEMU here', 'qemu-args.txt', 5],
    ]);
  });

  it('a device whose node name tells no class: DMA faults', () => {
    expect(checkFiles(unnamedClass(), run).findings.map((f) => f.symptom)).toEqual(['DMA faults']);
  });
});

// Expected from Linux 6.12 before running: drivers/iommu/arm/arm-smmu/arm-smmu-nvidia.c nvidia_smmu_probe_finalize
// -> drivers/memory/tegra/tegra186.c tegra186_mc_probe_device programs only the clients `interconnects` names.
describe('Tegra194 (the memory controller programs the SID override from interconnects)', () => {
  const tegra = (sdmmc: string, smmuCompatible = '"nvidia,tegra194-smmu", "nvidia,smmu-500"') =>
    socFiles({
      root: '"nvidia,p2972-0000", "nvidia,tegra194"',
      nodes: [
        'mc: memory-controller@2c00000 { compatible = "nvidia,tegra194-mc"; reg = <0x2c00000 0x10000>; #interconnect-cells = <1>; };',
        `smmu: iommu@12000000 { compatible = ${smmuCompatible}; reg = <0x12000000 0x800000>; #iommu-cells = <1>; nvidia,memory-controller = <&mc>; };`,
        sdmmc,
      ],
    });
  const spec = { pass: ['sdmmc1'] };
  const WITH_INTERCONNECTS = 'sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; interconnects = <&mc 0x60>, <&mc 0x64>; };';
  const WITHOUT = 'sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; };';
  const deleted = () => {
    const files = tegra(WITH_INTERCONNECTS);
    return { ...files, 'host.dts': `${files['host.dts']!}\n&sdmmc1 {\n\t/delete-property/ interconnects;\n};\n` };
  };

  tester.run(ID, {
    valid: [
      { name: 'sdmmc1 keeps its interconnects', files: tegra(WITH_INTERCONNECTS), spec },
      { name: 'a plain arm,mmu-500 (no NVIDIA implementation) does not program overrides', files: tegra(WITHOUT, '"arm,mmu-500"'), spec },
      {
        name: 'a node that masters no DMA needs no interconnects',
        files: tegra('sdmmc1: clock-controller@3400000 { compatible = "nvidia,tegra194-foo"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; };'),
        spec,
      },
    ],
    invalid: [
      {
        name: "warning: an override deletes the interconnects: at the user's /delete-property/",
        files: deleted(),
        spec,
        errors: [
          {
            messageId: 'tegraNoInterconnects',
            data: { node: 'sdmmc1', deleted: ' (this override deletes them)', smmu: 'smmu', sid: '0x1a' },
            message:
              "sdmmc1 has no interconnects (this override deletes them), and its iommus names smmu, an NVIDIA SMMU: Linux programs the stream ID override of a device's memory clients only for the clients its interconnects name (nvidia_smmu_probe_finalize -> tegra186_mc_probe_device), so it programs none for sdmmc1; unless the boot firmware set them to 0x1a (dtlint cannot tell), sdmmc1's DMA does not carry stream ID 0x1a, the one VFIO attaches a context for, and the SMMU blocks or mistranslates it; keep the interconnects",
            file: 'host.dts',
            line: 21,
            column: 2,
            level: 'warning',
          },
        ],
      },
      {
        name: 'warning: a DMA master that never had interconnects',
        files: tegra(WITHOUT),
        spec,
        errors: [{ messageId: 'tegraNoInterconnects', data: { node: 'sdmmc1', deleted: '', smmu: 'smmu', sid: '0x1a' }, file: 'host.dts', line: 16, column: 3 }],
      },
      {
        // tegra194_mc_clients (Linux 6.12) has no client 3: tegra186_mc_probe_device finds no entry for it.
        name: 'warning: interconnects that name a client the memory controller table does not list',
        files: tegra(WITH_INTERCONNECTS.replace('interconnects = <&mc 0x60>, <&mc 0x64>;', 'interconnects = <&mc 0x60>, <&mc 0x3>;')),
        spec,
        errors: [
          {
            messageId: 'tegraClientsUnlisted',
            message:
              "sdmmc1's interconnects name memory client 3 of mc, which the memory controller's client table in Linux (drivers/memory/tegra/tegra194.c tegra194_mc_clients) does not list: tegra186_mc_probe_device programs the stream ID override only for listed clients, so Linux programs none for it; unless the boot firmware set it to 0x1a (dtlint cannot tell; a driver that writes its own, such as sdhci-tegra with NVQUIRK_PROGRAM_STREAMID, does not run under vfio-platform), that DMA does not carry stream ID 0x1a, the one VFIO attaches a context for, and the SMMU blocks or mistranslates it",
            file: 'host.dts',
            line: 16,
            column: 113,
            level: 'warning',
          },
        ],
      },
    ],
  });
});
