import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;
const CELLS = '#address-cells = <1>; #size-cells = <0>;';

new RuleTester({ scope: 'source' }).run('spi_bus_bridge', {
  valid: [
    { name: 'an SPI bus', code: ROOT(`\tspi@10 { reg = <0x10 1>; ${CELLS} f@0 { reg = <0>; }; };\n`) },
    { name: 'an SPI slave bus with #address-cells 0', code: ROOT('\tspi@10 { reg = <0x10 1>; spi-slave; #address-cells = <0>; #size-cells = <0>; x { }; };\n') },
    { name: 'spi-* properties under a node without reg', code: ROOT(`\tbus { ${CELLS} f@0 { reg = <0>; spi-cpha; }; };\n`) },
  ],
  invalid: [
    {
      name: 'an SPI bus guessed from spi-* properties, not named spi',
      code: ROOT(`\tmyspi@10 { reg = <0x10 1>; ${CELLS} f@0 { reg = <0>; spi-cpha; }; };\n`),
      errors: [{ messageId: 'nodeName', data: { where: '/myspi@10' }, message: "/myspi@10: node name for SPI buses should be 'spi'", line: 5, column: 2 }],
    },
    {
      name: 'wrong cells, and #address-cells 1 under spi-slave',
      code: ROOT('\tspi@10 { reg = <0x10 1>; x { }; };\n\tspi@20 { reg = <0x20 1>; spi-slave; #address-cells = <1>; #size-cells = <0>; x { }; };\n'),
      errors: [
        { messageId: 'addressCells', data: { where: '/spi@10' }, message: '/spi@10: incorrect #address-cells for SPI bus', line: 5, column: 2 },
        { messageId: 'sizeCells', data: { where: '/spi@10' }, message: '/spi@10: incorrect #size-cells for SPI bus', line: 5, column: 2 },
        { messageId: 'addressCells', data: { where: '/spi@20' }, line: 6, column: 2 },
      ],
    },
  ],
});
