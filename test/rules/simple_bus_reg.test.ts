import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const BUS = (children: string, extra = '') =>
  `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${extra}\tsoc {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n${children}\t};\n};\n`;

describe('simple_bus_reg', () => {
  describe('valid', () => {
    it('unit addresses that match reg, or the parent address of ranges', () => {
      const text = BUS(
        '\t\tuart@1000 { reg = <0x1000 0x100>; };\n\t\tsub@5000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges = <0 0x5000 0x100>; };\n',
      );
      expect(dtcFindings('simple_bus_reg', text, 'W=1')).toEqual([]);
    });

    it('does not run when reg_format fails anywhere (dtc\'s failed prerequisite)', () => {
      const text = BUS('\t\tuart@1000 { reg = <0x2000 0x100>; };\n', '\tbad@1 { reg = <1 2 3>; };\n');
      expect(dtcFindings('simple_bus_reg', text, 'W=1')).toEqual([]);
    });

    it('is off at the kernel\'s default warning level', () => {
      expect(dtcFindings('simple_bus_reg', BUS('\t\tuart@1000 { reg = <0x2000 0x100>; };\n'), 'kernel')).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a unit address that is not the reg address, a child without reg or ranges', () => {
      const text = BUS(
        '\t\tuart@1000 { reg = <0x2000 0x100>; };\n\t\ttimer { reg = <0x4000 0x10>; };\n\t\tnothing { compatible = "acme,x"; };\n',
      );
      expect(dtcFindings('simple_bus_reg', text, 'W=1')).toEqual([
        '10:3 simple_bus_reg: /soc/uart@1000: simple-bus unit address format error, expected "2000"',
        '11:3 simple_bus_reg: /soc/timer: simple-bus unit address format error, expected "4000"',
        '12:3 simple_bus_reg: /soc/nothing: missing or empty reg/ranges property',
      ]);
    });
  });
});
