import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;

describe('unique_unit_address_if_enabled', () => {
  describe('valid', () => {
    it('a duplicate unit address where one node is disabled', () => {
      expect(dtcFindings('unique_unit_address_if_enabled', ROOT('\tb@2 { reg = <2 1>; status = "disabled"; };\n\tc@2 { reg = <2 1>; };\n'), 'W=1')).toEqual([]);
    });

    it('does not run when a node relies on default cell sizes (dtc\'s failed prerequisite)', () => {
      const text = ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n\tn { x@1 { reg = <1 2 3>; }; };\n');
      expect(dtcFindings('unique_unit_address_if_enabled', text, 'W=1')).toEqual([]);
    });

    it('is off at the kernel\'s default warning level', () => {
      expect(dtcFindings('unique_unit_address_if_enabled', ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n'), 'kernel')).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('two enabled siblings at one address: reported at the first, naming the second', () => {
      const text = ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; status = "okay"; };\n');
      expect(dtcFindings('unique_unit_address_if_enabled', text, 'W=1')).toEqual([
        '5:2 unique_unit_address_if_enabled: /a@1: duplicate unit-address (also used in node /b@1)',
      ]);
    });
  });
});
