import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
describe('ranges_format', () => {
  describe('valid', () => {
    it('whole <child parent size> entries, and an empty ranges between equal cell sizes', () => {
      const text =
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n' +
        '\tbus@4000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x4000 0x100>; };\n' +
        '\tsoc { #address-cells = <1>; #size-cells = <1>; ranges; };\n};\n';
      expect(dtcFindings('ranges_format', text)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a root ranges, an empty ranges between different cell sizes, a ranges of the wrong length', () => {
      const text =
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tranges = <0 0 0>;\n' +
        '\tbus@3000 { #address-cells = <2>; ranges; };\n' +
        '\tbus2@4000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x4000 0x100 0x5>; };\n};\n';
      expect(dtcFindings('ranges_format', text)).toEqual([
        '5:2 ranges_format: /:ranges: Root node has a "ranges" property',
        '6:35 ranges_format: /bus@3000:ranges: empty "ranges" property but its #address-cells (2) differs from / (1)',
        '7:55 ranges_format: /bus2@4000:ranges: "ranges" property has invalid length (16 bytes) (parent #address-cells == 1, child #address-cells == 1, #size-cells == 1)',
      ]);
    });
  });
});
