import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc without -Wno-avoid_unnecessary_addr_size, as make W=1 runs it).
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;
const W1 = { config: { dtcWarnings: 'W=1' as const } };
const CELLS = '#address-cells = <1>; #size-cells = <0>;';

new RuleTester({ scope: 'source', options: W1 }).run('avoid_unnecessary_addr_size', {
  valid: [
    { name: 'a child with reg', code: ROOT(`\tbus { ${CELLS} d@1 { reg = <1>; }; };\n`) },
    { name: 'ranges', code: ROOT(`\tbus { ${CELLS} ranges; d { }; };\n`) },
    { name: 'no children', code: ROOT(`\tbus { ${CELLS} };\n`) },
    { name: 'is off at the kernel\'s default warning level', code: ROOT(`\tbus { ${CELLS} d { }; };\n`), options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'cells, children, no reg and no ranges',
      code: ROOT(`\tbus { ${CELLS} d { }; };\n`),
      errors: [
        {
          messageId: 'unnecessary',
          data: { where: '/bus' },
          message: '/bus: unnecessary #address-cells/#size-cells without "ranges" or child "reg" property',
          line: 5,
          column: 2,
        },
      ],
    },
    {
      name: 'every child deleted: dtc still sees children',
      code: ROOT(`\tbus { ${CELLS} d: d { }; };\n};\n/delete-node/ &d;\n/ {\n`),
      errors: [{ messageId: 'unnecessary', data: { where: '/bus' }, line: 5, column: 2 }],
    },
  ],
});
