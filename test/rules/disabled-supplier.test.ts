import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/board.dts`;

function lintText(text: string) {
  return lintWith(compileDts, { [FILE]: text }, FILE, ['disabled-supplier']);
}

const SUPPLIERS = `/dts-v1/;
/ {
	clk: clock-controller@1 { #clock-cells = <1>; status = "disabled"; };
	reg: regulator { compatible = "regulator-fixed"; status = "okay"; };
	phy: phy@2 { #phy-cells = <0>; status = "disabled"; };
	pmic { status = "disabled"; ldo: ldo1 { }; };
	smmu: iommu@3 { #iommu-cells = <1>; status = "disabled"; };
`;

describe('disabled-supplier', () => {
  describe('valid', () => {
    it.each([
      ['an enabled supplier', 'dev { vdd-supply = <&reg>; };'],
      ['a disabled consumer', 'dev { clocks = <&clk 1>; status = "disabled"; };'],
      ['a disabled PHY (optional PHYs are skipped: -ENODEV, not a deferral)', 'dev { phys = <&phy>; };'],
      ['a disabled IOMMU (the device works without one)', 'dev { iommus = <&smmu 5>; };'],
      ['a clock controller whose parent clock is disabled (parents are resolved lazily)', 'cc { #clock-cells = <1>; clocks = <&clk 0>; };'],
      ['a CPU (not a probed device)', 'cpus { cpu@0 { device_type = "cpu"; clocks = <&clk 2>; }; };'],
    ])('%s', (_name, body) => {
      expect(lintText(`${SUPPLIERS}\t${body}\n};\n`).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('an enabled device whose clock controller is disabled: once per property and supplier', () => {
      const result = lintText(`${SUPPLIERS}\tethernet@4 { clocks = <&clk 1>, <&clk 2>; };\n};\n`);
      expect(brief(result.findings)).toEqual([
        '8:25 disabled-supplier: clocks[0] names /clock-controller@1, which is disabled: /ethernet@4 never probes (its driver waits for a clock that never appears)',
      ]);
      expect(result.findings[0]!.related.map((r) => `${r.at.line}:${r.at.column} ${r.message}`)).toEqual([
        '3:48 /clock-controller@1 is disabled here',
      ]);
    });

    it('a supplier under a disabled parent', () => {
      expect(brief(lintText(`${SUPPLIERS}\tmmc@5 { vmmc-supply = <&ldo>; };\n};\n`).findings)).toEqual([
        '8:25 disabled-supplier: vmmc-supply[0] names /pmic/ldo1, which sits under the disabled /pmic: /mmc@5 never probes (its driver waits for a regulator that never appears)',
      ]);
    });

    it('an interrupt parent that is disabled', () => {
      const text = `${SUPPLIERS}\tgpio: gpio@6 { interrupt-controller; #interrupt-cells = <2>; status = "disabled"; };\n\tkey { interrupt-parent = <&gpio>; interrupts = <3 1>; };\n};\n`;
      expect(brief(lintText(text).findings)).toEqual([
        '9:50 disabled-supplier: interrupts[0] names /gpio@6, which is disabled: /key never probes (its driver waits for an interrupt controller that never appears)',
      ]);
    });
  });
});
