import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const TEXT =
  '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tsoc {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n' +
  '\t\tgpio@3000x { };\n\t\ttimer { reg = <0x4000 0x10>; };\n\t\tuart@1000 { reg = <0x1000 0x10>; };\n\t};\n\tbus@3000 { ranges; };\n};\n';

describe('unit_address_vs_reg', () => {
  describe('valid', () => {
    it('unit addresses with reg or ranges, names without either', () => {
      const text = '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10>; };\n\tbus@2000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x2000 0x10>; };\n\tchosen { };\n};\n';
      expect(dtcFindings('unit_address_vs_reg', text, 'W=1')).toEqual([]);
    });

    it('is off at the kernel\'s default warning level', () => {
      expect(dtcFindings('unit_address_vs_reg', TEXT, 'kernel')).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a unit address without reg (an empty ranges does not count), reg without a unit address', () => {
      expect(dtcFindings('unit_address_vs_reg', TEXT, 'W=1')).toEqual([
        '9:3 unit_address_vs_reg: /soc/gpio@3000x: node has a unit name, but no reg or ranges property',
        '10:3 unit_address_vs_reg: /soc/timer: node has a reg or ranges property, but no unit name',
        '13:2 unit_address_vs_reg: /bus@3000: node has a unit name, but no reg or ranges property',
      ]);
    });
  });
});
