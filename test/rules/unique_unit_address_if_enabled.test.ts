import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;

const W1 = { config: { dtcWarnings: 'W=1' as const } };

new RuleTester({ scope: 'source', options: W1 }).run('unique_unit_address_if_enabled', {
  valid: [
    { name: 'a duplicate unit address where one node is disabled', code: ROOT('\tb@2 { reg = <2 1>; status = "disabled"; };\n\tc@2 { reg = <2 1>; };\n') },
    {
      name: 'does not run when a node relies on default cell sizes (dtc\'s failed prerequisite)',
      code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n\tn { x@1 { reg = <1 2 3>; }; };\n'),
    },
    {
      name: 'is off at the kernel\'s default warning level',
      code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n'),
      options: { config: { dtcWarnings: 'kernel' } },
    },
  ],
  invalid: [
    {
      name: 'two enabled siblings at one address: reported at the first, naming the second',
      code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; status = "okay"; };\n'),
      errors: [
        {
          messageId: 'duplicate',
          data: { where: '/a@1', other: '/b@1' },
          message: '/a@1: duplicate unit-address (also used in node /b@1)',
          line: 5,
          column: 2,
        },
      ],
    },
  ],
});
