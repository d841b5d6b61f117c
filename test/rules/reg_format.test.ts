import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('reg_format', {
  valid: [
    {
      name: 'reg entries of the parent\'s #address-cells + #size-cells',
      code: '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10 0x2000 0x10>; };\n};\n',
    },
    {
      name: 'does not run when a #size-cells is not one cell (dtc\'s failed prerequisite addr_size_cells)',
      code: '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10 0x20>; };\n\tbus { #size-cells = <1 1>; };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'a root reg, a reg of the wrong length and an empty reg',
      code: '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\treg = <0 0>;\n\tdev@1000 { reg = <0x1000 0x10 0x20>; };\n\tempty@2000 { reg; };\n};\n',
      errors: [
        { messageId: 'rootReg', data: { where: '/' }, line: 2, column: 1 },
        {
          messageId: 'length',
          data: { where: '/dev@1000:reg', length: 12, addressCells: 1, sizeCells: 1 },
          message: '/dev@1000:reg: property has invalid length (12 bytes) (#address-cells == 1, #size-cells == 1)',
          level: 'warning',
          line: 6,
          column: 13,
        },
        { messageId: 'empty', data: { where: '/empty@2000:reg' }, line: 7, column: 15 },
      ],
    },
    {
      name: 'reads the parent\'s cells, 2 and 1 when absent',
      code: '/dts-v1/;\n/ {\n\tdev@1000 { reg = <0x1000 0x10>; };\n};\n',
      errors: [{ messageId: 'length', data: { where: '/dev@1000:reg', length: 8, addressCells: 2, sizeCells: 1 }, line: 3, column: 13 }],
    },
  ],
});
