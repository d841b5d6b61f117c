import { describe, expect, it } from '@jest/globals';
import { dtcFindings } from './dtc-helpers.js';

// Expected messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
describe('avoid_default_addr_size', () => {
  describe('valid', () => {
    it('parents that say their cell sizes', () => {
      const text = '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10>; };\n\tnoreg { };\n};\n';
      expect(dtcFindings('avoid_default_addr_size', text)).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a node with reg whose parent relies on the defaults, one finding per missing property', () => {
      const text =
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n' +
        '\tbus@3000 { #address-cells = <2>; ranges = <0 0 0x3000 0x100>;\n\t\tchild@0 { reg = <0 0x10 0x20>; };\n\t};\n' +
        '\tnodefault {\n\t\tx@1 { reg = <1 2 3>; };\n\t};\n};\n';
      expect(dtcFindings('avoid_default_addr_size', text)).toEqual([
        '6:3 avoid_default_addr_size: /bus@3000/child@0: Relying on default #size-cells value',
        '9:3 avoid_default_addr_size: /nodefault/x@1: Relying on default #address-cells value',
        '9:3 avoid_default_addr_size: /nodefault/x@1: Relying on default #size-cells value',
      ]);
    });
  });
});
