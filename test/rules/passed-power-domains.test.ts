import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, PDIR, type Files } from './pair-harness.js';

const ID = 'passed-power-domains';

const host = (domains: string): string => `/dts-v1/;
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	compatible = "acme,test";

	gpc: power-controller@303a0000 {
		compatible = "acme,gpc";
		reg = <0x303a0000 0x1000>;
		#power-domain-cells = <1>;
	};

	pcie@33800000 {
		compatible = "acme,dummy";
		reg = <0x33800000 0x400000>;
		power-domains = ${domains};
	};
};
`;
const pair = (domains: string, extra: Files = {}): Files => ({
  'host.dts': host(domains),
  'guest.dts': '/dts-v1/;\n/ {\n};\n',
  'qemu-args.txt': 'qemu-system-aarch64 -M virt -device vfio-platform,host=33800000.pcie\n',
  ...extra,
});
const NO_CMDLINE = ' (dtlint sees no host command line to tell whether it has pd_ignore_unused: give it with --cmdline)';

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'one power domain: the platform bus attaches it and vfio-platform\'s runtime PM powers it', files: pair('<&gpc 1>') },
    { name: 'pd_ignore_unused on the command line', files: pair('<&gpc 1>, <&gpc 2>', { 'cmdline.txt': 'pd_ignore_unused\n' }), spec: { cmdline: `${PDIR}/cmdline.txt` } },
  ],
  invalid: [
    {
      name: 'two power domains: attached to neither',
      files: pair('<&gpc 1>, <&gpc 2>'),
      errors: [{ messageId: 'unattached', data: { device: '/pcie@33800000', count: 2, domains: '<&gpc 1>, <&gpc 2>', cmdline: NO_CMDLINE }, file: 'host.dts', line: 16, column: 3, level: 'warning' }],
    },
  ],
});

describe(`${ID}: what the finding says besides`, () => {
  it('names the QEMU argument and the symptom', () => {
    const [finding] = checkFiles(pair('<&gpc 1>, <&gpc 2>'), { rules: [ID] }).findings;
    expect(finding?.symptom).toBe('the device does not work in the guest');
    expect(finding?.related?.map((r) => r.message)).toEqual(['passed to QEMU here']);
  });
});
