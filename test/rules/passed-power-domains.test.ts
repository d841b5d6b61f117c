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

/** The device's power-domains deleted by an override in the user's host file. */
const deleted = (): Files => {
  const files = pair('<&gpc 1>');
  return { ...files, 'host.dts': `${files['host.dts']!}\n&{/pcie@33800000} {\n\t/delete-property/ power-domains;\n};\n` };
};

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'one power domain: the platform bus attaches it and vfio-platform\'s runtime PM powers it', files: pair('<&gpc 1>') },
    { name: 'pd_ignore_unused on the command line', files: pair('<&gpc 1>, <&gpc 2>', { 'cmdline.txt': 'pd_ignore_unused\n' }), spec: { cmdline: `${PDIR}/cmdline.txt` } },
  ],
  invalid: [
    {
      name: "the user's override deletes the device's power-domains: nothing powers it (a warning at the deletion)",
      files: deleted(),
      errors: [
        {
          messageId: 'deleted',
          message:
            "passed /pcie@33800000: this override deletes its power-domains, so no PM domain is attached to it (genpd_dev_pm_attach) and vfio-platform's runtime PM asks nothing to power it: it works in the guest only while its domain is on for another reason (another active user, an always-on domain, or a domain the boot firmware left on that genpd_power_off_unused does not turn off, or pd_ignore_unused on the command line); keep the power-domains",
          file: 'host.dts',
          line: 21,
          column: 2,
          level: 'warning',
        },
      ],
    },
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
