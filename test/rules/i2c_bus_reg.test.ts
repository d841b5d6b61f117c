import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const I2C = (children: string) =>
  `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\ti2c@10 {\n\t\treg = <0x10 1>;\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n${children}\t};\n};\n`;

new RuleTester({ scope: 'source' }).run('i2c_bus_reg', {
  valid: [
    {
      name: '7-bit addresses; I2C_OWN_SLAVE_ADDRESS is not part of the unit address',
      code: I2C('\t\te@50 { reg = <0x50>; };\n\t\ts@60 { reg = <0x40000060>; };\n'),
    },
  ],
  invalid: [
    {
      name: 'no reg; a unit address that is not reg',
      code: I2C('\t\tnoreg { };\n\t\twrong@1 { reg = <0x2>; };\n'),
      errors: [
        { messageId: 'missingReg', data: { where: '/i2c@10/noreg' }, message: '/i2c@10/noreg: missing or empty reg property', line: 9, column: 3 },
        { messageId: 'unitAddress', data: { where: '/i2c@10/wrong@1', expected: '2' }, message: '/i2c@10/wrong@1: I2C bus unit address format error, expected "2"', line: 10, column: 3 },
      ],
    },
    {
      name: 'addresses over 7 bits; over 10 bits with I2C_TEN_BIT_ADDRESS; and (dtc 1.6.1) a valid 10-bit one',
      code: I2C('\t\tbig@100 { reg = <0x100>; };\n\t\tten@80000500 { reg = <0x80000500>; };\n\t\tten@80000100 { reg = <0x80000100>; };\n'),
      errors: [
        {
          messageId: 'sevenBit',
          data: { where: '/i2c@10/big@100:reg', address: '100' },
          message: '/i2c@10/big@100:reg: I2C address must be less than 7-bits, got "0x100". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property',
          line: 9,
          column: 13,
        },
        {
          messageId: 'tenBit',
          data: { where: '/i2c@10/ten@80000500:reg', address: '80000500' },
          message: '/i2c@10/ten@80000500:reg: I2C address must be less than 10-bits, got "0x80000500"',
          line: 10,
          column: 18,
        },
        { messageId: 'sevenBit', data: { where: '/i2c@10/ten@80000100:reg', address: '80000100' }, line: 11, column: 18 },
      ],
    },
  ],
});
