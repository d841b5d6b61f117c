import { RuleTester } from '../helpers/rule-tester.js';

// dtc 1.6.1: "/bus:#address-cells: property is not a single cell" (and #size-cells alike).
for (const [id, prop] of [['address_cells_is_cell', '#address-cells'], ['size_cells_is_cell', '#size-cells']] as const) {
  new RuleTester({ scope: 'source' }).run(id, {
    valid: [{ name: 'one cell', code: `/dts-v1/;\n/ {\n\tbus { ${prop} = <1>; };\n};\n` }],
    invalid: [
      {
        name: 'two cells, and a byte string',
        code: `/dts-v1/;\n/ {\n\tbus { ${prop} = <1 0>; };\n\tb2 { ${prop} = [01]; };\n};\n`,
        errors: [
          { messageId: 'notCell', data: { where: `/bus:${prop}` }, message: `/bus:${prop}: property is not a single cell`, line: 3, column: 8 },
          { messageId: 'notCell', data: { where: `/b2:${prop}` }, line: 4, column: 7 },
        ],
      },
    ],
  });
}
