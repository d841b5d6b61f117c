import { describe, expect, it } from '@jest/globals';
import { checkFiles, edit, example, findingsOf, type Files } from './pair-harness.js';

const ID = 'guest-missing-dependency';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const ETH0_CLOCKS = '\t\t\tclocks = <&eth0_lpcg 0>, <&eth0_lpcg 1>;\n\t\t\tclock-names';

/** The fixed pair without the clock gate on the QEMU line, out of eth0's IOMMU group, and eth0 keeping its clocks. */
function gateLeftBehind(): Files {
  let files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n', '');
  files = edit(files, 'host.dts', '\t/delete-property/ clocks;\n', '');
  return edit(files, 'host.dts', '&eth0_lpcg {\n\tiommus = <&smmu 0x12 0x7f80>;\n', '&eth0_lpcg {\n');
}

/** A guest node added at the root of the fixed guest, before the platform bus. */
function guestRoot(files: Files, text: string): Files {
  return edit(files, 'guest.dts', '\tplatform-bus@c000000 {\n', `${text}\tplatform-bus@c000000 {\n`);
}

describe(ID, () => {
  describe('valid', () => {
    it('the fixed example: every guest reference is a passed counterpart, the GIC or the guest SCU', () => {
      expect(findingsOf(checkFiles(fixed(), run), ID)).toEqual([]);
    });

    it('the broken example: host suppliers the guest does not reference (nvmem cell, power domains) are not missing', () => {
      expect(findingsOf(checkFiles(example(), run), ID)).toEqual([]);
    });

    it('a clock gate the host keeps, and a guest that gives eth0 fixed clocks instead of copying it', () => {
      let files = guestRoot(gateLeftBehind(), '\tclk_ipg: clock-ipg {\n\t\tcompatible = "fixed-clock";\n\t\t#clock-cells = <0>;\n\t\tclock-frequency = <125000000>;\n\t};\n\n');
      files = edit(files, 'guest.dts', ETH0_CLOCKS, '\t\t\tclocks = <&clk_ipg>, <&clk_ipg>;\n\t\t\tclock-names');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('a copy of a host device that is passed (by label) is a counterpart', () => {
      // The guest's eth0 takes a clock from the passed mailbox's guest node: odd, but nothing the guest cannot reach.
      const files = edit(fixed(), 'guest.dts', ETH0_CLOCKS, '\t\t\tclocks = <&eth0_lpcg 0>, <&eth0_lpcg 1>;\n\t\t\tmboxes = <&mu2 0 0>;\n\t\t\tclock-names');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('the guest copy of a clock gate the host keeps, without an IOMMU group: a warning, no advice to pass it', () => {
      const r = checkFiles(gateLeftBehind(), run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:106:14 guest-missing-dependency: the guest's eth0 uses eth0_lpcg (clocks[0]), a copy of host eth0_lpcg, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of eth0_lpcg does acts on that hardware; drop the reference (eth0_lpcg has no IOMMU group, so vfio-platform cannot take it)",
      ]);
      expect(r.findings[0]!.level).toBe('warning');
      expect(r.findings[0]!.related.map((n) => [n.message, n.at.line])).toEqual([['/bus@5b000000/clock-controller@5b230000 on the host', 43]]);
    });

    it('the guest copy of a clock gate that other host devices use: the host keeps it', () => {
      const files = edit(gateLeftBehind(), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&mu1 {\n\tclocks = <&eth0_lpcg 0>;\n};\n\n&eth1 {\n\tstatus = "disabled";');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        "guest.dts:106:14 guest-missing-dependency: the guest's eth0 uses eth0_lpcg (clocks[0]), a copy of host eth0_lpcg, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of eth0_lpcg does acts on that hardware; drop the reference: the host keeps eth0_lpcg (mu1 uses it)",
      ]);
    });

    it('the guest copy of a clock gate with its own IOMMU group, not passed: passing it is advised as an option', () => {
      const files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n', '');
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        "guest.dts:106:14 guest-missing-dependency: the guest's eth0 uses eth0_lpcg (clocks[0]), a copy of host eth0_lpcg, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of eth0_lpcg does acts on that hardware; pass eth0_lpcg through too if the guest must drive it, else drop the reference",
      ]);
    });

    it('a guest-own regulator whose enable GPIO is a copy of a host GPIO controller: found through the chain', () => {
      let files = edit(
        fixed(),
        'host.dts',
        '&eth1 {\n',
        '&lsio {\n\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x5d090000 0x10000>;\n\t\tgpio-controller;\n\t\t#gpio-cells = <2>;\n\t};\n};\n\n&eth1 {\n',
      );
      files = guestRoot(
        files,
        '\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x00 0x5d090000 0x00 0x10000>;\n\t\tgpio-controller;\n\t\t#gpio-cells = <2>;\n\t};\n\n\treg_phy: regulator-phy {\n\t\tcompatible = "regulator-fixed";\n\t\tregulator-name = "phy";\n\t\tgpio = <&gpio1 3 0>;\n\t};\n\n',
      );
      files = edit(files, 'guest.dts', ETH0_CLOCKS, '\t\t\tclocks = <&eth0_lpcg 0>, <&eth0_lpcg 1>;\n\t\t\tphy-supply = <&reg_phy>;\n\t\t\tclock-names');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:96:11 guest-missing-dependency: the guest's reg_phy uses gpio1 (gpio[0]), a copy of host gpio1, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of gpio1 does acts on that hardware; drop the reference (gpio1 has no IOMMU group, so vfio-platform cannot take it)",
      ]);
      expect(r.findings[0]!.chain?.map((c) => c.line)).toEqual([120, 96]);
    });

    it("an interrupt of a node inside the passed device (its PHY) from a copy of a host GPIO controller", () => {
      let files = edit(
        fixed(),
        'host.dts',
        '&eth1 {\n',
        '&lsio {\n\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x5d090000 0x10000>;\n\t\tgpio-controller;\n\t\t#gpio-cells = <2>;\n\t\tinterrupt-controller;\n\t\t#interrupt-cells = <2>;\n\t};\n};\n\n&eth1 {\n',
      );
      files = guestRoot(files, '\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x00 0x5d090000 0x00 0x10000>;\n\t\tinterrupt-controller;\n\t\t#interrupt-cells = <2>;\n\t};\n\n');
      files = edit(files, 'guest.dts', '\t\t\tnvmem-cell-names = "mac-address";\n', '\t\t\tnvmem-cell-names = "mac-address";\n\n\t\t\tmdio {\n\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <0>;\n\n\t\t\t\tethernet-phy@0 {\n\t\t\t\t\treg = <0>;\n\t\t\t\t\tinterrupt-parent = <&gpio1>;\n\t\t\t\t\tinterrupts = <3 8>;\n\t\t\t\t};\n\t\t\t};\n');
      const r = checkFiles(files, run);
      expect(r.findings[0]?.related.map((n) => [n.message, n.at.line])).toEqual([
        ['also interrupts[0] (gpio1)', 127],
        ['/bus@5d000000/gpio@5d090000 on the host', 39],
      ]);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:126:26 guest-missing-dependency: the guest's /platform-bus@c000000/ethernet@10000/mdio/ethernet-phy@0 uses gpio1 (interrupt-parent[0]), a copy of host gpio1, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of gpio1 does acts on that hardware; drop the reference (gpio1 has no IOMMU group, so vfio-platform cannot take it)",
      ]);
    });

    it('a guest clock of ZynqMP-style SMC firmware: the firmware driver fails to probe under KVM', () => {
      let files = guestRoot(
        fixed(),
        '\tfirmware {\n\t\tzynqmp_firmware: zynqmp-firmware {\n\t\t\tcompatible = "xlnx,zynqmp-firmware";\n\t\t\tmethod = "smc";\n\n\t\t\tzynqmp_clk: clock-controller {\n\t\t\t\tcompatible = "xlnx,zynqmp-clk";\n\t\t\t\t#clock-cells = <1>;\n\t\t\t};\n\t\t};\n\t};\n\n',
      );
      files = edit(files, 'guest.dts', ETH0_CLOCKS, '\t\t\tclocks = <&zynqmp_clk 45>, <&zynqmp_clk 31>;\n\t\t\tclock-names');
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:118:14 guest-missing-dependency: the guest's eth0 uses zynqmp_clk (clocks[0]) of zynqmp_firmware, firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so zynqmp_firmware fails to probe in the guest and the probe of eth0 is deferred for want of zynqmp_clk, which never appears; drop the reference (the host keeps what its firmware set up) or give the guest a fixed clock of its own",
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('a guest power domain of the ZynqMP firmware node itself: no stand-in offered', () => {
      let files = guestRoot(fixed(), '\tfirmware {\n\t\tzynqmp_firmware: zynqmp-firmware {\n\t\t\tcompatible = "xlnx,zynqmp-firmware";\n\t\t\tmethod = "smc";\n\t\t\t#power-domain-cells = <1>;\n\t\t};\n\t};\n\n');
      files = edit(files, 'guest.dts', ETH0_CLOCKS, `${ETH0_CLOCKS.split('\n')[0]}\n\t\t\tpower-domains = <&zynqmp_firmware 30>;\n\t\t\tclock-names`);
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([
        "guest.dts:115:21 guest-missing-dependency: the guest's eth0 uses zynqmp_firmware (power-domains[0]), firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so zynqmp_firmware fails to probe in the guest and the probe of eth0 is deferred for want of zynqmp_firmware, which never appears; drop the reference (the host keeps what its firmware set up)",
      ]);
    });

    it('a guest node that names no clocks where its host node names two: a warning', () => {
      const files = edit(fixed(), 'guest.dts', ETH0_CLOCKS, '\t\t\tclock-names');
      const files2 = edit(files, 'host.dts', '\t/delete-property/ clocks;\n\t/delete-property/ clock-names;\n', '');
      const r = checkFiles(files2, run);
      expect(findingsOf(r, ID)).toEqual([
        `guest.dts:101:3 guest-missing-dependency: the guest's eth0 names no clocks, while host eth0 names 2 ("ipg" and "ahb"): a guest driver that gets a clock at probe (fec, macb and renesas_sdhi do) fails to probe; give the guest node fixed clocks at the rates the host runs them`,
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it('no -dtb: QEMU writes the platform-bus nodes itself (mmio-mismatch reports it), so no guest node is missing', () => {
      let files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5d1d0000.mailbox', '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5d1c0000.mailbox');
      files = edit(files, 'qemu-args.txt', '-kernel Image -dtb guest.dtb -nographic', '-kernel Image -nographic');
      files = edit(files, 'host.dts', '&mu2 {', '&mu1 {\n\tstatus = "okay";\n};\n\n&mu2 {');
      const r = checkFiles(files, { rules: [ID, 'mmio-mismatch'] });
      expect(findingsOf(r, ID)).toEqual([]);
      expect(findingsOf(r, 'mmio-mismatch')).toHaveLength(1);
    });

    it('guest iommus naming an IOMMU rockchip-iommu binds: an error (no vIOMMU for platform devices)', () => {
      let files = guestRoot(fixed(), '\tvmmu: iommu@fdb50800 {\n\t\tcompatible = "rockchip,rk3588-iommu", "rockchip,rk3568-iommu";\n\t\treg = <0x0 0xfdb50800 0x0 0x40>;\n\t\t#iommu-cells = <0>;\n\t};\n\n');
      files = edit(files, 'guest.dts', ETH0_CLOCKS, `${ETH0_CLOCKS.split('\n')[0]}\n\t\t\tiommus = <&vmmu>;\n\t\t\tclock-names`);
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:113:14 guest-missing-dependency: the guest's eth0 names vmmu in iommus, but under KVM and vfio-platform the host's IOMMU translates the passed device's DMA through the VFIO container, which maps guest-physical addresses, and QEMU's virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): rockchip-iommu binds vmmu in the guest and eth0 joins its domain, but no IOMMU registers are there (rk_iommu_enable calls rk_iommu_force_reset when eth0 resumes, which cannot read back what it writes to DTE_ADDR (\"MMU_DTE_ADDR is not functioning\" or \"FORCE_RESET command timed out\") and fails, so eth0 cannot resume), and the IOVAs of that domain are not guest-physical addresses; drop iommus (and the IOMMU node) from the guest",
      ]);
      expect(r.findings[0]!.level).toBe('error');
    });

    it('guest iommus naming a copy of the host SMMU: a warning that says what follows either way', () => {
      let files = guestRoot(fixed(), '\tsmmu: iommu@51400000 {\n\t\tcompatible = "arm,mmu-500";\n\t\treg = <0x0 0x51400000 0x0 0x40000>;\n\t\t#iommu-cells = <2>;\n\t};\n\n');
      files = edit(files, 'guest.dts', ETH0_CLOCKS, `${ETH0_CLOCKS.split('\n')[0]}\n\t\t\tiommus = <&smmu 0x12 0x7f80>;\n\t\t\tclock-names`);
      const r = checkFiles(files, run);
      expect(findingsOf(r, ID)).toEqual([
        "guest.dts:113:14 guest-missing-dependency: the guest's eth0 names smmu in iommus, a copy of host smmu, but under KVM and vfio-platform the host's IOMMU translates the passed device's DMA through the VFIO container, which maps guest-physical addresses, and QEMU's virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): if a guest IOMMU driver binds smmu, eth0 is handed IOVAs that are not guest-physical addresses and its DMA misses; if none does, eth0 waits for it until the deferred-probe timeout (dtlint does not model arm-smmu's probe); drop iommus (and the IOMMU node) from the guest",
      ]);
      expect(r.findings[0]!.level).toBe('warning');
    });

    it('guest iommus naming a disabled IOMMU: nothing (of_iommu_xlate returns -ENODEV, the device probes without it)', () => {
      let files = guestRoot(fixed(), '\tvmmu: iommu@fdb50800 {\n\t\tcompatible = "rockchip,rk3568-iommu";\n\t\treg = <0x0 0xfdb50800 0x0 0x40>;\n\t\t#iommu-cells = <0>;\n\t\tstatus = "disabled";\n\t};\n\n');
      files = edit(files, 'guest.dts', ETH0_CLOCKS, `${ETH0_CLOCKS.split('\n')[0]}\n\t\t\tiommus = <&vmmu>;\n\t\t\tclock-names`);
      expect(findingsOf(checkFiles(files, run), ID)).toEqual([]);
    });

    it('a passed device without a guest node', () => {
      expect(findingsOf(checkFiles(fixed(), { ...run, spec: { pass: ['mu1'] } }), ID)).toEqual([
        'acme-a1.dtsi:79:3 guest-missing-dependency: the guest has no node for passed mu1 (5d1c0000.mailbox): the guest kernel creates no device for it, so no guest driver binds it',
      ]);
    });
  });
});
