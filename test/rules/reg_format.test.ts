import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
describe('reg_format', () => {
  describe('valid', () => {
    it('reg entries of the parent\'s #address-cells + #size-cells', () => {
      const text = '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10 0x2000 0x10>; };\n};\n';
      expect(dtcFindings('reg_format', text)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a root reg, a reg of the wrong length and an empty reg', () => {
      const text =
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\treg = <0 0>;\n\tdev@1000 { reg = <0x1000 0x10 0x20>; };\n\tempty@2000 { reg; };\n};\n';
      expect(dtcFindings('reg_format', text)).toEqual([
        '2:1 reg_format: /: Root node has a "reg" property',
        '6:13 reg_format: /dev@1000:reg: property has invalid length (12 bytes) (#address-cells == 1, #size-cells == 1)',
        '7:15 reg_format: /empty@2000:reg: property is empty',
      ]);
    });

    it('reads the parent\'s cells, 2 and 1 when absent', () => {
      const text = '/dts-v1/;\n/ {\n\tdev@1000 { reg = <0x1000 0x10>; };\n};\n';
      expect(dtcFindings('reg_format', text)).toEqual([
        '3:13 reg_format: /dev@1000:reg: property has invalid length (8 bytes) (#address-cells == 2, #size-cells == 1)',
      ]);
    });
  });
});
