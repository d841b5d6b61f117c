import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'guest-missing-dependency';
const run = { rules: [ID] };
const fixed = () => example('fixed');
const ETH0_CLOCKS = '\t\t\tclocks = <&eth0_lpcg 0>, <&eth0_lpcg 1>;\n\t\t\tclock-names';
/** ETH0_CLOCKS with `line` added between clocks and clock-names. */
const eth0Adds = (line: string) => `${ETH0_CLOCKS.split('\n')[0]}\n\t\t\t${line}\n\t\t\tclock-names`;
const NO_GROUP = (node: string) => `drop the reference (${node} has no IOMMU group, so vfio-platform cannot take it)`;

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

/** The `hostDevice` finding: the guest's `consumer` uses `supplier` (`edge`), a copy of a host device not passed. */
function hostDevice(consumer: string, supplier: string, edge: string, advice: string, line: number, column: number) {
  return {
    messageId: 'hostDevice',
    data: { consumer, supplier, edge, host: supplier, reach: 'its registers', guestDevice: supplier, advice },
    file: 'guest.dts',
    line,
    column,
  };
}

function regulatorChain(): Files {
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
  return edit(files, 'guest.dts', ETH0_CLOCKS, eth0Adds('phy-supply = <&reg_phy>;'));
}

function phyInterrupt(): Files {
  let files = edit(
    fixed(),
    'host.dts',
    '&eth1 {\n',
    '&lsio {\n\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x5d090000 0x10000>;\n\t\tgpio-controller;\n\t\t#gpio-cells = <2>;\n\t\tinterrupt-controller;\n\t\t#interrupt-cells = <2>;\n\t};\n};\n\n&eth1 {\n',
  );
  files = guestRoot(files, '\tgpio1: gpio@5d090000 {\n\t\tcompatible = "acme,a1-gpio";\n\t\treg = <0x00 0x5d090000 0x00 0x10000>;\n\t\tinterrupt-controller;\n\t\t#interrupt-cells = <2>;\n\t};\n\n');
  return edit(
    files,
    'guest.dts',
    '\t\t\tnvmem-cell-names = "mac-address";\n',
    '\t\t\tnvmem-cell-names = "mac-address";\n\n\t\t\tmdio {\n\t\t\t\t#address-cells = <1>;\n\t\t\t\t#size-cells = <0>;\n\n\t\t\t\tethernet-phy@0 {\n\t\t\t\t\treg = <0>;\n\t\t\t\t\tinterrupt-parent = <&gpio1>;\n\t\t\t\t\tinterrupts = <3 8>;\n\t\t\t\t};\n\t\t\t};\n',
  );
}

function noDtbMu1(): Files {
  let files = edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5d1d0000.mailbox', '    -device vfio-platform,host=5d1d0000.mailbox \\\n    -device vfio-platform,host=5d1c0000.mailbox');
  files = edit(files, 'qemu-args.txt', '-kernel Image -dtb guest.dtb -nographic', '-kernel Image -nographic');
  return edit(files, 'host.dts', '&mu2 {', '&mu1 {\n\tstatus = "okay";\n};\n\n&mu2 {');
}

const SMC_FIRMWARE = '\tfirmware {\n\t\tzynqmp_firmware: zynqmp-firmware {\n\t\t\tcompatible = "xlnx,zynqmp-firmware";\n\t\t\tmethod = "smc";\n';

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: every guest reference is a passed counterpart, the GIC or the guest SCU', files: fixed() },
    { name: 'the broken example: host suppliers the guest does not reference (nvmem cell, power domains) are not missing', files: example() },
    {
      name: 'a clock gate the host keeps, and a guest that gives eth0 fixed clocks instead of copying it',
      files: edit(
        guestRoot(gateLeftBehind(), '\tclk_ipg: clock-ipg {\n\t\tcompatible = "fixed-clock";\n\t\t#clock-cells = <0>;\n\t\tclock-frequency = <125000000>;\n\t};\n\n'),
        'guest.dts',
        ETH0_CLOCKS,
        '\t\t\tclocks = <&clk_ipg>, <&clk_ipg>;\n\t\t\tclock-names',
      ),
    },
    {
      // The guest's eth0 takes a clock from the passed mailbox's guest node: odd, but nothing the guest cannot reach.
      name: 'a copy of a host device that is passed (by label) is a counterpart',
      files: edit(fixed(), 'guest.dts', ETH0_CLOCKS, eth0Adds('mboxes = <&mu2 0 0>;')),
    },
    {
      name: 'guest iommus naming a disabled IOMMU: nothing (of_iommu_xlate returns -ENODEV, the device probes without it)',
      files: edit(
        guestRoot(fixed(), '\tvmmu: iommu@fdb50800 {\n\t\tcompatible = "rockchip,rk3568-iommu";\n\t\treg = <0x0 0xfdb50800 0x0 0x40>;\n\t\t#iommu-cells = <0>;\n\t\tstatus = "disabled";\n\t};\n\n'),
        'guest.dts',
        ETH0_CLOCKS,
        eth0Adds('iommus = <&vmmu>;'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the guest copy of a clock gate the host keeps, without an IOMMU group: a warning, no advice to pass it',
      files: gateLeftBehind(),
      errors: [
        {
          ...hostDevice('eth0', 'eth0_lpcg', 'clocks[0]', NO_GROUP('eth0_lpcg'), 106, 14),
          message:
            "the guest's eth0 uses eth0_lpcg (clocks[0]), a copy of host eth0_lpcg, which is not passed through: QEMU maps only the regions of passed devices, so the guest cannot reach its registers and nothing the guest driver of eth0_lpcg does acts on that hardware; drop the reference (eth0_lpcg has no IOMMU group, so vfio-platform cannot take it)",
          level: 'warning',
        },
      ],
    },
    {
      name: 'the guest copy of a clock gate that other host devices use: the host keeps it',
      files: edit(gateLeftBehind(), 'host.dts', '&eth1 {\n\tstatus = "disabled";', '&mu1 {\n\tclocks = <&eth0_lpcg 0>;\n};\n\n&eth1 {\n\tstatus = "disabled";'),
      errors: [hostDevice('eth0', 'eth0_lpcg', 'clocks[0]', 'drop the reference: the host keeps eth0_lpcg (mu1 uses it)', 106, 14)],
    },
    {
      name: 'the guest copy of a clock gate with its own IOMMU group, not passed: passing it is advised as an option',
      files: edit(fixed(), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n', ''),
      errors: [hostDevice('eth0', 'eth0_lpcg', 'clocks[0]', 'pass eth0_lpcg through too if the guest must drive it, else drop the reference', 106, 14)],
    },
    {
      name: 'a guest-own regulator whose enable GPIO is a copy of a host GPIO controller: found through the chain',
      files: regulatorChain(),
      errors: [hostDevice('reg_phy', 'gpio1', 'gpio[0]', NO_GROUP('gpio1'), 96, 11)],
    },
    {
      name: 'an interrupt of a node inside the passed device (its PHY) from a copy of a host GPIO controller',
      files: phyInterrupt(),
      errors: [
        {
          ...hostDevice('/platform-bus@c000000/ethernet@10000/mdio/ethernet-phy@0', 'gpio1', 'interrupt-parent[0]', NO_GROUP('gpio1'), 126, 26),
          related: [
            { line: 127, column: 20 },
            { line: 39, column: 2 },
          ],
        },
      ],
    },
    {
      name: 'a guest clock of ZynqMP-style SMC firmware: the firmware driver fails to probe under KVM',
      files: edit(
        guestRoot(fixed(), `${SMC_FIRMWARE}\n\t\t\tzynqmp_clk: clock-controller {\n\t\t\t\tcompatible = "xlnx,zynqmp-clk";\n\t\t\t\t#clock-cells = <1>;\n\t\t\t};\n\t\t};\n\t};\n\n`),
        'guest.dts',
        ETH0_CLOCKS,
        '\t\t\tclocks = <&zynqmp_clk 45>, <&zynqmp_clk 31>;\n\t\t\tclock-names',
      ),
      errors: [
        {
          messageId: 'smcFirmware',
          data: { consumer: 'eth0', supplier: 'zynqmp_clk', edge: 'clocks[0]', of: ' of zynqmp_firmware', firmware: 'zynqmp_firmware', standIn: ' or give the guest a fixed clock of its own' },
          message:
            "the guest's eth0 uses zynqmp_clk (clocks[0]) of zynqmp_firmware, firmware called by SMC/HVC: KVM answers a guest's firmware calls with NOT_SUPPORTED instead of passing them to the host's firmware, so zynqmp_firmware fails to probe in the guest and the probe of eth0 is deferred for want of zynqmp_clk, which never appears; drop the reference (the host keeps what its firmware set up) or give the guest a fixed clock of its own",
          file: 'guest.dts',
          line: 118,
          column: 14,
          level: 'error',
        },
      ],
    },
    {
      name: 'a guest power domain of the ZynqMP firmware node itself: no stand-in offered',
      files: edit(guestRoot(fixed(), `${SMC_FIRMWARE}\t\t\t#power-domain-cells = <1>;\n\t\t};\n\t};\n\n`), 'guest.dts', ETH0_CLOCKS, eth0Adds('power-domains = <&zynqmp_firmware 30>;')),
      errors: [
        {
          messageId: 'smcFirmware',
          data: { consumer: 'eth0', supplier: 'zynqmp_firmware', edge: 'power-domains[0]', of: '', firmware: 'zynqmp_firmware', standIn: '' },
          file: 'guest.dts',
          line: 115,
          column: 21,
        },
      ],
    },
    {
      name: 'a guest node that names no clocks where its host node names two: a warning',
      files: edit(edit(fixed(), 'guest.dts', ETH0_CLOCKS, '\t\t\tclock-names'), 'host.dts', '\t/delete-property/ clocks;\n\t/delete-property/ clock-names;\n', ''),
      errors: [
        {
          messageId: 'noClocks',
          data: { consumer: 'eth0', device: 'eth0', count: '2', names: ' ("ipg" and "ahb")' },
          message:
            'the guest\'s eth0 names no clocks, while host eth0 names 2 ("ipg" and "ahb"): a guest driver that gets a clock at probe (fec, macb and renesas_sdhi do) fails to probe; give the guest node fixed clocks at the rates the host runs them',
          file: 'guest.dts',
          line: 101,
          column: 3,
          level: 'warning',
        },
      ],
    },
    {
      name: 'no -dtb: QEMU writes the platform-bus nodes itself (mmio-mismatch reports it), so no guest node is missing',
      files: noDtbMu1(),
      rules: ['mmio-mismatch'],
      errors: [{ ruleId: 'mmio-mismatch', messageId: 'noDtb', file: 'qemu-args.txt', line: 4, column: 13 }],
    },
    {
      name: 'guest iommus naming an IOMMU rockchip-iommu binds: an error (no vIOMMU for platform devices)',
      files: edit(
        guestRoot(fixed(), '\tvmmu: iommu@fdb50800 {\n\t\tcompatible = "rockchip,rk3588-iommu", "rockchip,rk3568-iommu";\n\t\treg = <0x0 0xfdb50800 0x0 0x40>;\n\t\t#iommu-cells = <0>;\n\t};\n\n'),
        'guest.dts',
        ETH0_CLOCKS,
        eth0Adds('iommus = <&vmmu>;'),
      ),
      errors: [
        {
          messageId: 'guestIommu',
          data: {
            consumer: 'eth0',
            supplier: 'vmmu',
            copy: '',
            driver: 'rockchip-iommu',
            how: 'rk_iommu_enable calls rk_iommu_force_reset when eth0 resumes, which cannot read back what it writes to DTE_ADDR ("MMU_DTE_ADDR is not functioning" or "FORCE_RESET command timed out") and fails, so eth0 cannot resume',
          },
          message:
            'the guest\'s eth0 names vmmu in iommus, but under KVM and vfio-platform the host\'s IOMMU translates the passed device\'s DMA through the VFIO container, which maps guest-physical addresses, and QEMU\'s virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): rockchip-iommu binds vmmu in the guest and eth0 joins its domain, but no IOMMU registers are there (rk_iommu_enable calls rk_iommu_force_reset when eth0 resumes, which cannot read back what it writes to DTE_ADDR ("MMU_DTE_ADDR is not functioning" or "FORCE_RESET command timed out") and fails, so eth0 cannot resume), and the IOVAs of that domain are not guest-physical addresses; drop iommus (and the IOMMU node) from the guest',
          file: 'guest.dts',
          line: 113,
          column: 14,
          level: 'error',
        },
      ],
    },
    {
      name: 'guest iommus naming a copy of the host SMMU: a warning that says what follows either way',
      files: edit(
        guestRoot(fixed(), '\tsmmu: iommu@51400000 {\n\t\tcompatible = "arm,mmu-500";\n\t\treg = <0x0 0x51400000 0x0 0x40000>;\n\t\t#iommu-cells = <2>;\n\t};\n\n'),
        'guest.dts',
        ETH0_CLOCKS,
        eth0Adds('iommus = <&smmu 0x12 0x7f80>;'),
      ),
      errors: [
        {
          messageId: 'guestIommuMaybe',
          data: { consumer: 'eth0', supplier: 'smmu', copy: ', a copy of host smmu', iommuDriver: 'arm-smmu' },
          message:
            "the guest's eth0 names smmu in iommus, a copy of host smmu, but under KVM and vfio-platform the host's IOMMU translates the passed device's DMA through the VFIO container, which maps guest-physical addresses, and QEMU's virt machine puts no IOMMU before platform devices (its smmuv3 and virtio-iommu serve the PCIe bus only): if a guest IOMMU driver binds smmu, eth0 is handed IOVAs that are not guest-physical addresses and its DMA misses; if none does, eth0 waits for it until the deferred-probe timeout (dtlint does not model arm-smmu's probe); drop iommus (and the IOMMU node) from the guest",
          file: 'guest.dts',
          line: 113,
          column: 14,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a passed device without a guest node',
      files: fixed(),
      spec: { pass: ['mu1'] },
      errors: [
        {
          messageId: 'noCounterpart',
          data: { device: 'mu1', sysfs: '5d1c0000.mailbox', slot: '' },
          message: 'the guest has no node for passed mu1 (5d1c0000.mailbox): the guest kernel creates no device for it, so no guest driver binds it',
          file: 'acme-a1.dtsi',
          line: 79,
          column: 3,
        },
      ],
    },
  ],
});

// What the tester does not compare: the related locations' messages and the dependency chain.
describe(`${ID}: related locations and chains`, () => {
  it('a clock gate the host keeps: its host node related', () => {
    expect(checkFiles(gateLeftBehind(), run).findings[0]!.related.map((n) => [n.message, n.at.line])).toEqual([['/bus@5b000000/clock-controller@5b230000 on the host', 43]]);
  });

  it("a regulator's GPIO: the chain from eth0's phy-supply to the regulator", () => {
    expect(checkFiles(regulatorChain(), run).findings[0]!.chain?.map((c) => c.line)).toEqual([120, 96]);
  });

  it("the PHY's interrupt: its interrupts entry and the host controller related", () => {
    expect(checkFiles(phyInterrupt(), run).findings[0]?.related.map((n) => [n.message, n.at.line])).toEqual([
      ['also interrupts[0] (gpio1)', 127],
      ['/bus@5d000000/gpio@5d090000 on the host', 39],
    ]);
  });
});
