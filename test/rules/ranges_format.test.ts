import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('ranges_format', {
  valid: [
    {
      name: 'whole <child parent size> entries, and an empty ranges between equal cell sizes',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n' +
        '\tbus@4000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x4000 0x100>; };\n' +
        '\tsoc { #address-cells = <1>; #size-cells = <1>; ranges; };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'a root ranges, an empty ranges between different cell sizes, a ranges of the wrong length',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tranges = <0 0 0>;\n' +
        '\tbus@3000 { #address-cells = <2>; ranges; };\n' +
        '\tbus2@4000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x4000 0x100 0x5>; };\n};\n',
      errors: [
        { messageId: 'rootRanges', data: { where: '/:ranges' }, line: 5, column: 2 },
        {
          messageId: 'emptyAddressCells',
          data: { where: '/bus@3000:ranges', childCells: 2, parent: '/', parentCells: 1 },
          message: '/bus@3000:ranges: empty "ranges" property but its #address-cells (2) differs from / (1)',
          line: 6,
          column: 35,
        },
        {
          messageId: 'length',
          data: { where: '/bus2@4000:ranges', length: 16, parentAddressCells: 1, childAddressCells: 1, childSizeCells: 1 },
          line: 7,
          column: 55,
        },
      ],
    },
    {
      name: 'an empty ranges between different #size-cells',
      code: '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tbus { #address-cells = <1>; #size-cells = <2>; ranges; };\n};\n',
      errors: [{ messageId: 'emptySizeCells', data: { where: '/bus:ranges', childCells: 2, parent: '/', parentCells: 1 }, line: 5, column: 49 }],
    },
  ],
});
