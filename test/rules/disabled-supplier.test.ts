import { RuleTester } from '../helpers/rule-tester.js';

const SUPPLIERS = `/dts-v1/;
/ {
	clk: clock-controller@1 { #clock-cells = <1>; status = "disabled"; };
	reg: regulator { compatible = "regulator-fixed"; status = "okay"; };
	phy: phy@2 { #phy-cells = <0>; status = "disabled"; };
	pmic { status = "disabled"; ldo: ldo1 { }; };
	smmu: iommu@3 { #iommu-cells = <1>; status = "disabled"; };
`;

/** The suppliers above, then `body` from line 8 on. */
const board = (body: string) => `${SUPPLIERS}\t${body}\n};\n`;

new RuleTester({ scope: 'source' }).run('disabled-supplier', {
  valid: [
    { name: 'an enabled supplier', code: board('dev { vdd-supply = <&reg>; };') },
    { name: 'a disabled consumer', code: board('dev { clocks = <&clk 1>; status = "disabled"; };') },
    { name: 'a disabled PHY (optional PHYs are skipped: -ENODEV, not a deferral)', code: board('dev { phys = <&phy>; };') },
    { name: 'a disabled IOMMU (the device works without one)', code: board('dev { iommus = <&smmu 5>; };') },
    { name: 'a clock controller whose parent clock is disabled (parents are resolved lazily)', code: board('cc { #clock-cells = <1>; clocks = <&clk 0>; };') },
    { name: 'a CPU (not a probed device)', code: board('cpus { cpu@0 { device_type = "cpu"; clocks = <&clk 2>; }; };') },
  ],
  invalid: [
    {
      name: 'an enabled device whose clock controller is disabled: once per property and supplier',
      code: board('ethernet@4 { clocks = <&clk 1>, <&clk 2>; };'),
      errors: [
        {
          messageId: 'disabled',
          data: { property: 'clocks', index: 0, supplier: '/clock-controller@1', consumer: '/ethernet@4', resource: 'a clock' },
          message: 'clocks[0] names /clock-controller@1, which is disabled: /ethernet@4 never probes (its driver waits for a clock that never appears)',
          line: 8,
          column: 25,
          related: [{ line: 3, column: 48 }],
        },
      ],
    },
    {
      name: 'a supplier under a disabled parent',
      code: board('mmc@5 { vmmc-supply = <&ldo>; };'),
      errors: [
        {
          messageId: 'ancestorDisabled',
          data: { property: 'vmmc-supply', index: 0, supplier: '/pmic/ldo1', ancestor: '/pmic', consumer: '/mmc@5', resource: 'a regulator' },
          line: 8,
          column: 25,
        },
      ],
    },
    {
      name: 'an interrupt parent that is disabled',
      code: board('gpio: gpio@6 { interrupt-controller; #interrupt-cells = <2>; status = "disabled"; };\n\tkey { interrupt-parent = <&gpio>; interrupts = <3 1>; };'),
      errors: [
        {
          messageId: 'disabled',
          data: { property: 'interrupts', index: 0, supplier: '/gpio@6', consumer: '/key', resource: 'an interrupt controller' },
          line: 9,
          column: 50,
        },
      ],
    },
  ],
});
