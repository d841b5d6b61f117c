import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, PDIR, type Files } from './pair-harness.js';

const ID = 'passed-clock-gated';

/**
 * A host with an i.MX 8M CCM (its gates have is_enabled), a fixed oscillator and a fixed factor of a
 * CCM gate; eth0 is passed, eth1 stays with the host and holds the CCM's clock 2.
 */
const HOST = `/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	compatible = "acme,test";

	osc: clock-osc {
		compatible = "fixed-clock";
		#clock-cells = <0>;
		clock-frequency = <24000000>;
	};

	half: clock-half {
		compatible = "fixed-factor-clock";
		#clock-cells = <0>;
		clocks = <&ccm 7>;
		clock-div = <2>;
		clock-mult = <1>;
	};

	ccm: clock-controller@30380000 {
		compatible = "fsl,imx8mp-ccm";
		reg = <0x30380000 0x10000>;
		#clock-cells = <1>;
		clocks = <&osc>;
	};

	eth0: ethernet@30be0000 {
		compatible = "acme,dummy";
		reg = <0x30be0000 0x10000>;
		clocks = <&ccm 1>, <&ccm 2>, <&osc>, <&half>;
		clock-names = "ipg", "ahb", "ref", "half";
	};

	eth1: ethernet@30bf0000 {
		compatible = "acme,eth";
		reg = <0x30bf0000 0x10000>;
		clocks = <&ccm 2>;
	};
};
`;
const GUEST = '/dts-v1/;\n/ {\n};\n';
const QEMU = 'qemu-system-aarch64 -M virt -device vfio-platform,host=30be0000.ethernet\n';
const pair = (host = HOST): Files => ({ 'host.dts': host, 'guest.dts': GUEST, 'qemu-args.txt': QEMU });
const withCmdline = (text: string): Files => ({ ...pair(), 'cmdline.txt': text });
const cmdlineSpec = { spec: { cmdline: `${PDIR}/cmdline.txt` } };
const UNHELD = '"ipg" <&ccm 1>, "half" <&half>';

/** An R-Car M3-N-like host: the SYSC I/O domain manages the first CPG/MSSR module clock only. */
const RCAR = `/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	compatible = "acme,rcar";

	cpg: clock-controller@e6150000 {
		compatible = "renesas,r8a77965-cpg-mssr";
		reg = <0xe6150000 0x1000>;
		#clock-cells = <2>;
		#power-domain-cells = <0>;
	};

	sysc: system-controller@e6180000 {
		compatible = "renesas,r8a77965-sysc";
		reg = <0xe6180000 0x400>;
		#power-domain-cells = <1>;
	};

	mmc@ee100000 {
		compatible = "acme,dummy";
		reg = <0xee100000 0x2000>;
		clocks = <&cpg 1 314>, <&cpg 1 315>, <&cpg 0 12>;
		power-domains = <&sysc 32>;
	};
};
`;
const RCAR_QEMU = 'qemu-system-aarch64 -M virt -device vfio-platform,host=ee100000.mmc\n';

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'clk_ignore_unused in the --cmdline file', files: withCmdline('console=ttymxc1 clk_ignore_unused\n'), ...cmdlineSpec },
    {
      name: 'clk_ignore_unused in /chosen/bootargs (a guess, but the one dtlint sees)',
      files: pair(HOST.replace('\tcompatible = "acme,test";\n', '\tcompatible = "acme,test";\n\n\tchosen {\n\t\tbootargs = "console=ttymxc1 clk_ignore_unused";\n\t};\n')),
    },
    {
      name: 'every clock held by a host node, fixed, or of a provider dtlint has not read',
      files: pair(HOST.replace('clocks = <&ccm 1>, <&ccm 2>, <&osc>, <&half>;', 'clocks = <&ccm 2>, <&osc>;').replace('compatible = "fsl,imx8mp-ccm";', 'compatible = "fsl,imx8mp-ccm";')),
    },
    { name: 'a provider dtlint has not read (no finding: it cannot tell a gate)', files: pair(HOST.replace('compatible = "fsl,imx8mp-ccm";', 'compatible = "acme,ccm";')) },
    {
      name: 'a Rockchip power domain puts every clock of the device on its pm_clk list',
      files: pair(
        HOST.replace('\tccm: clock-controller', '\tpower: power-controller {\n\t\tcompatible = "rockchip,rk3399-power-controller";\n\t\t#power-domain-cells = <1>;\n\t};\n\n\tccm: clock-controller').replace(
          'clock-names = "ipg", "ahb", "ref", "half";',
          'clock-names = "ipg", "ahb", "ref", "half";\n\t\tpower-domains = <&power 7>;',
        ),
      ),
    },
    { name: 'the R-Car SYSC domain manages the only module clock', files: { ...pair(RCAR.replace('<&cpg 1 314>, <&cpg 1 315>, <&cpg 0 12>', '<&cpg 1 314>, <&cpg 0 12>')), 'qemu-args.txt': RCAR_QEMU } },
    { name: 'the i.MX 8 example: SCU and LPCG clocks are untracked, the LPCG is passed', files: example('fixed') },
    {
      name: 'an RZ/G2L CPG domain puts every module clock of the CPG on the pm_clk list',
      files: {
        ...pair(
          RCAR.replace('compatible = "renesas,r8a77965-cpg-mssr";', 'compatible = "renesas,r9a07g044-cpg";')
            .replace('#power-domain-cells = <0>;', '#power-domain-cells = <0>;\n\t\tclocks = <&cpg 0 1>;')
            .replace('<&cpg 1 314>, <&cpg 1 315>, <&cpg 0 12>', '<&cpg 1 314>, <&cpg 1 315>')
            .replace('power-domains = <&sysc 32>;', 'power-domains = <&cpg>;'),
        ),
        'qemu-args.txt': RCAR_QEMU,
      },
    },
  ],
  invalid: [
    {
      name: 'two unheld clocks (one through a fixed factor), no command line',
      files: pair(),
      errors: [
        {
          messageId: 'clocks',
          data: { clocks: UNHELD, device: 'eth0', provider: 'ccm', domainNote: '', cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)' },
          file: 'host.dts',
          line: 31,
          column: 3,
          level: 'warning',
        },
      ],
    },
    {
      name: 'a --cmdline file without clk_ignore_unused: said for certain',
      files: withCmdline('console=ttymxc1 root=/dev/mmcblk0p2\n'),
      ...cmdlineSpec,
      errors: [{ messageId: 'clocks', data: { clocks: UNHELD, device: 'eth0', provider: 'ccm', domainNote: '', cmdline: ' (the --cmdline file has no clk_ignore_unused)' }, line: 31, column: 3 }],
    },
    {
      name: 'one unheld clock when eth1 holds the rest',
      files: pair(HOST.replace('clocks = <&ccm 2>;', 'clocks = <&ccm 2>, <&ccm 7>;')),
      errors: [
        {
          messageId: 'clock',
          data: { clocks: '"ipg" <&ccm 1>', device: 'eth0', provider: 'ccm', domainNote: '', cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)' },
          line: 31,
          column: 3,
        },
      ],
    },
    {
      name: 'R-Car: cpg_mssr_attach_dev manages the first module clock, not the second',
      files: { ...pair(RCAR), 'qemu-args.txt': RCAR_QEMU },
      errors: [
        {
          messageId: 'clock',
          data: {
            clocks: '<&cpg 1 315>',
            device: '/mmc@ee100000',
            provider: 'cpg',
            domainNote: '; cpg_mssr_attach_dev puts only <&cpg 1 314> on the clock list of its PM domain sysc',
            cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)',
          },
          line: 23,
          column: 3,
        },
      ],
    },
    {
      name: 'an RZ/G2L CPG module clock without the CPG as power domain',
      files: {
        ...pair(
          RCAR.replace('compatible = "renesas,r8a77965-cpg-mssr";', 'compatible = "renesas,r9a07g044-cpg";')
            .replace('<&cpg 1 314>, <&cpg 1 315>, <&cpg 0 12>', '<&cpg 1 314>, <&cpg 0 12>')
            .replace('power-domains = <&sysc 32>;', 'status = "okay";'),
        ),
        'qemu-args.txt': RCAR_QEMU,
      },
      errors: [{ messageId: 'clock', data: { clocks: '<&cpg 1 314>', device: '/mmc@ee100000', provider: 'cpg', domainNote: '', cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)' }, line: 23, column: 3 }],
    },
    {
      name: 'a Rockchip CRU gate without a power domain',
      files: pair(HOST.replace('compatible = "fsl,imx8mp-ccm";', 'compatible = "rockchip,rk3399-cru";')),
      errors: [{ messageId: 'clocks', data: { clocks: UNHELD, device: 'eth0', provider: 'ccm', domainNote: '', cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)' }, line: 31, column: 3 }],
    },
    {
      name: 'two power-domains entries: the platform bus attaches the device to neither, no pm_clk',
      files: { ...pair(RCAR.replace('<&cpg 1 314>, <&cpg 1 315>, <&cpg 0 12>', '<&cpg 1 314>').replace('power-domains = <&sysc 32>;', 'power-domains = <&sysc 32>, <&sysc 33>;')), 'qemu-args.txt': RCAR_QEMU },
      errors: [
        {
          messageId: 'clock',
          data: {
            clocks: '<&cpg 1 314>',
            device: '/mmc@ee100000',
            provider: 'cpg',
            domainNote: '; with 2 power-domains entries the platform bus attaches it to none of them',
            cmdline: ' (dtlint sees no host command line to tell whether it has clk_ignore_unused: give it with --cmdline)',
          },
          line: 23,
          column: 3,
        },
      ],
    },
  ],
});

describe(`${ID}: what the finding says besides`, () => {
  it('points at the clocks, names the QEMU argument and says the guest sees a dead device', () => {
    const [finding] = checkFiles(pair(), { rules: [ID] }).findings;
    expect(finding?.symptom).toBe('the device does not work in the guest');
    expect(finding?.related?.map((r) => r.message)).toEqual(['passed to QEMU here']);
  });

  it('a clock provider passed with the device is the guest\'s to drive', () => {
    const both = edit(pair(), 'qemu-args.txt', 'host=30be0000.ethernet', 'host=30380000.clock-controller -device vfio-platform,host=30be0000.ethernet');
    expect(checkFiles(both, { rules: [ID] }).findings).toEqual([]);
  });
});
