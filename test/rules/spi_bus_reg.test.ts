import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const SPI = (extra: string, children: string) =>
  `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tspi@10 {\n\t\treg = <0x10 1>;\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n${extra}${children}\t};\n};\n`;

new RuleTester({ scope: 'source' }).run('spi_bus_reg', {
  valid: [
    { name: 'chip selects as unit addresses', code: SPI('', '\t\tf@0 { reg = <0>; };\n\t\tf@1a { reg = <0x1a>; };\n') },
    {
      name: "does not run when a bus is wrong (dtc's failed prerequisite spi_bus_bridge)",
      code: SPI('', '\t\tnor { };\n\t};\n\tspi@20 {\n\t\treg = <0x20 1>;\n\t\tx { };\n'),
    },
  ],
  invalid: [
    {
      name: 'no reg; a unit address that is not the chip select',
      code: SPI('', '\t\tnor { };\n\t\tf@01 { reg = <1>; };\n'),
      rules: ['unit_address_format'],
      errors: [
        { messageId: 'missingReg', data: { where: '/spi@10/nor' }, message: '/spi@10/nor: missing or empty reg property', line: 9, column: 3 },
        { messageId: 'unitAddress', data: { where: '/spi@10/f@01', expected: '1' }, message: '/spi@10/f@01: SPI bus unit address format error, expected "1"', line: 10, column: 3 },
        { ruleId: 'unit_address_format', messageId: 'leadingZeros', data: { where: '/spi@10/f@01' }, line: 10, column: 3 },
      ],
    },
  ],
});
