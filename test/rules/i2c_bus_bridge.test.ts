import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;

new RuleTester({ scope: 'source' }).run('i2c_bus_bridge', {
  valid: [
    { name: 'an I2C bus with children', code: ROOT('\ti2c@10 { reg = <0x10 1>; #address-cells = <1>; #size-cells = <0>; e@50 { reg = <0x50>; }; };\n') },
    { name: 'an I2C bus without children', code: ROOT('\ti2c@10 { reg = <0x10 1>; };\n') },
    { name: 'not named i2c, i2c-bus or i2c-arb', code: ROOT('\ti2c0@10 { reg = <0x10 1>; x { }; };\n') },
  ],
  invalid: [
    {
      name: 'i2c, i2c-bus and i2c-arb nodes with children and default cells',
      code: ROOT('\ti2c@10 { reg = <0x10 1>; x { }; };\n\ti2c-bus { x { }; };\n\ti2c-arb { #address-cells = <1>; x { }; };\n'),
      errors: [
        { messageId: 'addressCells', data: { where: '/i2c@10' }, message: '/i2c@10: incorrect #address-cells for I2C bus', line: 5, column: 2 },
        { messageId: 'sizeCells', data: { where: '/i2c@10' }, message: '/i2c@10: incorrect #size-cells for I2C bus', line: 5, column: 2 },
        { messageId: 'addressCells', data: { where: '/i2c-bus' }, line: 6, column: 2 },
        { messageId: 'sizeCells', data: { where: '/i2c-bus' }, line: 6, column: 2 },
        { messageId: 'sizeCells', data: { where: '/i2c-arb' }, line: 7, column: 2 },
      ],
    },
  ],
});
