import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;

new RuleTester({ scope: 'source' }).run('dma_ranges_format', {
  valid: [
    { name: 'whole entries', code: ROOT('\tbus { #address-cells = <1>; #size-cells = <1>; dma-ranges = <0 0x80000000 0x1000>; };\n') },
    { name: 'empty with the same cells as the parent', code: ROOT('\tbus { #address-cells = <1>; #size-cells = <1>; dma-ranges; };\n') },
  ],
  invalid: [
    {
      name: 'a partial entry, an empty one across different cells, one at the root',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdma-ranges;\n' +
        '\ta { #address-cells = <1>; #size-cells = <1>; dma-ranges = <0 0>; };\n' +
        '\tb { #address-cells = <2>; #size-cells = <1>; dma-ranges; };\n};\n',
      errors: [
        { messageId: 'rootRanges', data: { where: '/:dma-ranges' }, message: '/:dma-ranges: Root node has a "dma-ranges" property', line: 5, column: 2 },
        {
          messageId: 'length',
          data: { where: '/a:dma-ranges', length: 8, parentAddressCells: 1, childAddressCells: 1, childSizeCells: 1 },
          message: '/a:dma-ranges: "dma-ranges" property has invalid length (8 bytes) (parent #address-cells == 1, child #address-cells == 1, #size-cells == 1)',
          line: 6,
          column: 47,
        },
        {
          messageId: 'emptyAddressCells',
          data: { where: '/b:dma-ranges', childCells: 2, parent: '/', parentCells: 1 },
          message: '/b:dma-ranges: empty "dma-ranges" property but its #address-cells (2) differs from / (1)',
          line: 7,
          column: 47,
        },
      ],
    },
  ],
});
