import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;

new RuleTester({ scope: 'source' }).run('unit_address_format', {
  valid: [
    { name: 'plain hex', code: ROOT('\tdev@1f { reg = <0x1f 1>; };\n\tdev@0 { reg = <0 1>; };\n\tdev@0,1 { reg = <0 1>; };\n') },
    {
      name: 'not under a simple-bus (simple_bus_reg checks those)',
      code: ROOT('\tsoc { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges; dev@0x10 { reg = <0x10 1>; }; };\n'),
    },
  ],
  invalid: [
    {
      name: 'a leading 0x, leading zeros, both; an I2C child too (the I2C bridge runs after this check)',
      code: ROOT(
        '\tdev@0x10 { reg = <0x10 1>; };\n\tdev@010 { reg = <0x10 1>; };\n\tdev@0x010 { reg = <0x10 1>; };\n' +
          '\ti2c@100 { reg = <0x100 1>; #address-cells = <1>; #size-cells = <0>; e@0x50 { reg = <0x50>; }; };\n',
      ),
      errors: [
        { messageId: 'leading0x', data: { where: '/dev@0x10' }, message: '/dev@0x10: unit name should not have leading "0x"', line: 5, column: 2 },
        { messageId: 'leadingZeros', data: { where: '/dev@010' }, message: '/dev@010: unit name should not have leading 0s', line: 6, column: 2 },
        { messageId: 'leading0x', data: { where: '/dev@0x010' }, line: 7, column: 2 },
        { messageId: 'leadingZeros', data: { where: '/dev@0x010' }, line: 7, column: 2 },
        { messageId: 'leading0x', data: { where: '/i2c@100/e@0x50' }, line: 8, column: 70 },
      ],
    },
  ],
});
