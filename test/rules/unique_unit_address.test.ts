import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wunique_unit_address, as make W=2 runs it).
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${children}};\n`;
const W2 = { config: { dtcWarnings: 'W=2' as const } };

new RuleTester({ scope: 'source', options: W2 }).run('unique_unit_address', {
  valid: [
    { name: 'different unit addresses', code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@2 { reg = <2 1>; };\n') },
    { name: 'is off at the kernel\'s default warning level', code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n'), options: { config: { dtcWarnings: 'kernel' } } },
    {
      name: "does not run when a node relies on default cell sizes (dtc's failed prerequisite avoid_default_addr_size)",
      code: ROOT('\ta@1 { reg = <1 1>; };\n\tb@1 { reg = <1 1>; };\n\tn { x@1 { reg = <1 2 3>; }; };\n'),
    },
  ],
  invalid: [
    {
      name: 'a disabled node counts too: reported at the first, naming the second',
      code: ROOT('\ta@1 { reg = <1 1>; status = "disabled"; };\n\tb@1 { reg = <1 1>; };\n'),
      errors: [{ messageId: 'duplicate', data: { where: '/a@1', other: '/b@1' }, message: '/a@1: duplicate unit-address (also used in node /b@1)', line: 5, column: 2 }],
    },
  ],
});
