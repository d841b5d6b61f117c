import { describe, expect, it } from '@jest/globals';
import { socFiles } from './iommu-soc.js';
import { checkFiles, edit, example, findingsOf } from './pair-harness.js';

const ID = 'smmu-sid-unprogrammed';
const run = { rules: [ID] };
const fixed = () => example('fixed');

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every passed device has fsl,sc_rsrc_id', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it('a clock gate and a mailbox master no DMA: no finding without fsl,sc_rsrc_id and power-domains', () => {
      let files = edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n};', '\t/delete-property/ power-domains;\n};');
      files = edit(files, 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_MU_2A>;\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('a mailbox with two iommus entries: no finding, it masters no DMA', () => {
      const files = edit(fixed(), 'host.dts', 'iommus = <&smmu 0x13 0x0>;', 'iommus = <&smmu 0x13 0x0>, <&smmu 0x14 0x0>;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('power-domains kept (the mailbox in the example) is enough for U-Boot', () => {
      expect(findingsOf(checkFiles(example(), run), ID).filter((f) => f.includes('mu2'))).toEqual([]);
    });

    it('not an i.MX 8QM: no SCU pin controller, no fsl,imx8qm root', () => {
      let files = edit(example(), 'acme-a1.dtsi', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
      files = edit(files, 'guest.dts', 'compatible = "fsl,imx8qm-iomuxc";', 'compatible = "acme,a1-iomuxc";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the override deletes power-domains and adds no fsl,sc_rsrc_id (the example): at the deletion, with the fix', () => {
      const r = checkFiles(example(), run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:30:2 smmu-sid-unprogrammed: U-Boot programs no stream ID for eth0: it has neither fsl,sc_rsrc_id nor power-domains (the override deletes power-domains, so that U-Boot does not disable it), so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <ACME_R_ENET_0>;` (its own resource, from the power-domains it deletes)',
      ]);
      const f = r.findings[0]!;
      expect(f.level).toBe('error');
      expect(f.symptom).toBe('DMA faults: no packets');
      expect(f.related.map((x) => [x.message, x.at.file.split('/').pop(), x.at.line])).toEqual([
        ['the power-domains it deletes', 'acme-a1.dtsi', 118],
        ['iommus', 'acme-a1.dtsi', 119],
        ['passed to QEMU here', 'qemu-args.txt', 5],
      ]);
    });

    it('fires no more once fsl,sc_rsrc_id is added', () => {
      const files = edit(example(), 'host.dts', '\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('an Ethernet controller with two iommus entries', () => {
      const files = edit(fixed(), 'host.dts', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\tiommus = <&smmu 0x12 0x7f80>, <&smmu 0x14 0x0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        'host.dts:33:2 smmu-sid-unprogrammed: U-Boot programs the stream ID of eth0 only from one 3-cell iommus entry (SMMU, stream ID, mask); this iommus has 6 cells, so its DMA does not carry the stream ID whose mappings VFIO sets up for the guest and misses them (the SMMU blocks a stream ID it has no entry for)',
      ]);
    });

    it('a device whose node name tells no class: a warning, "if it masters DMA", and no resource guessed from elsewhere', () => {
      let files = edit(example(), 'acme-a1.dtsi', 'eth0: ethernet@5b040000 {', 'eth0: enet@5b040000 {');
      files = edit(files, 'qemu-args.txt', 'host=5b040000.ethernet', 'host=5b040000.enet');
      files = edit(files, 'acme-a1.dtsi', '\t\t\tpower-domains = <&pd ACME_R_ENET_0>;\n\t\t\tiommus = <&smmu 0x12 0x7f80>;', '\t\t\tiommus = <&smmu 0x12 0x7f80>;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:27:1 smmu-sid-unprogrammed: if eth0 masters DMA (dtlint cannot tell from its node name "enet"), U-Boot programs no stream ID for it: it has neither fsl,sc_rsrc_id nor power-domains, so its DMA does not carry stream ID 0x12, the one whose mappings VFIO sets up for the guest, so it misses them: the SMMU blocks a stream ID it has no entry for ("Blocked unknown Stream ID" in the host log, with the default arm-smmu.disable_bypass; with disable_bypass=0 it reaches host memory untranslated); add `fsl,sc_rsrc_id = <IMX_SC_R_...>;` with its own SCU resource (dtlint cannot tell which: no power-domains of it is left to read)',
      ]);
      expect(r.findings.map((f) => [f.level, f.symptom])).toEqual([['warning', 'DMA faults']]);
    });

    it('a legacy mmu-masters takes precedence over iommus', () => {
      const files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&eth0 0x12>;\n};\n\n&eth0 {');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:33:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence: U-Boot ignores the iommus of eth0 and programs stream ID 0x12 from mmu-masters instead',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['warning']);
    });

    it('a legacy mmu-masters that lists a device without a resource: U-Boot still programs nothing', () => {
      let files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&eth0 0x12>;\n};\n\n&eth0 {');
      files = edit(files, 'host.dts', '\tstatus = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;', '\tstatus = "okay";\n\t/delete-property/ power-domains;\n\t/delete-property/ clocks;');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID).map((m) => m.replace(/^\S+ /, ''))).toEqual([
        expect.stringMatching(/^smmu-sid-unprogrammed: U-Boot programs no stream ID for eth0: it has neither fsl,sc_rsrc_id nor power-domains \(the override deletes power-domains, so that U-Boot does not disable it\), so its DMA does not carry stream ID 0x12,/),
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
    });

    it('a legacy mmu-masters that does not list the Ethernet controller', () => {
      const files = edit(fixed(), 'host.dts', '&eth0 {', '&smmu {\n\tmmu-masters = <&mu2 0x13>;\n};\n\n&eth0 {');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        'host.dts:33:1 smmu-sid-unprogrammed: mmu-masters on /iommu@51400000 takes precedence over iommus and does not list eth0: U-Boot programs no stream ID for it, so its DMA misses the mappings VFIO sets up for the guest (the SMMU blocks a stream ID it has no entry for)',
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['error']);
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
    const run = { rules: [ID], spec: { pass: ['sdmmc1'] } };

    it('valid: sdmmc1 keeps its interconnects', () => {
      const files = tegra('sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; interconnects = <&mc 0x60>, <&mc 0x64>; };');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('valid: a plain arm,mmu-500 (no NVIDIA implementation) does not program overrides', () => {
      const files = tegra('sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; };', '"arm,mmu-500"');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('warning: an override deletes the interconnects: at the user\'s /delete-property/', () => {
      let files = tegra('sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; interconnects = <&mc 0x60>, <&mc 0x64>; };');
      files = { ...files, 'host.dts': `${files['host.dts']!}\n&sdmmc1 {\n\t/delete-property/ interconnects;\n};\n` };
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "host.dts:21:2 smmu-sid-unprogrammed: sdmmc1 has no interconnects (this override deletes them), and its iommus names smmu, an NVIDIA SMMU: Linux programs the stream ID override of a device's memory clients only for the clients its interconnects name (nvidia_smmu_probe_finalize -> tegra186_mc_probe_device), so it programs none for sdmmc1; unless the boot firmware set them to 0x1a (dtlint cannot tell), sdmmc1's DMA does not carry stream ID 0x1a, the one VFIO attaches a context for, and the SMMU blocks or mistranslates it; keep the interconnects",
      ]);
      expect(r.findings.map((f) => f.level)).toEqual(['warning']);
    });

    it('warning: a DMA master that never had interconnects; none for a node that masters no DMA', () => {
      const files = tegra('sdmmc1: mmc@3400000 { compatible = "nvidia,tegra194-sdhci"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; };');
      expect(findingsOf(checkFiles(files, run), ID).map((f) => f.slice(0, 60))).toEqual(['host.dts:16:3 smmu-sid-unprogrammed: sdmmc1 has no interconn']);
      const gate = tegra('sdmmc1: clock-controller@3400000 { compatible = "nvidia,tegra194-foo"; reg = <0x3400000 0x20000>; iommus = <&smmu 0x1a>; };');
      expect(findingsOf(checkFiles(gate, run), ID)).toEqual([]);
    });
  });
});
