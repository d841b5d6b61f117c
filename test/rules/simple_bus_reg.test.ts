import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const BUS = (children: string, extra = '') =>
  `/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n${extra}\tsoc {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n${children}\t};\n};\n`;

const W1 = { config: { dtcWarnings: 'W=1' as const } };
const WRONG_ADDRESS = '\t\tuart@1000 { reg = <0x2000 0x100>; };\n';

new RuleTester({ scope: 'source', options: W1 }).run('simple_bus_reg', {
  valid: [
    {
      name: 'unit addresses that match reg, or the parent address of ranges',
      code: BUS(
        '\t\tuart@1000 { reg = <0x1000 0x100>; };\n\t\tsub@5000 { compatible = "simple-bus"; #address-cells = <1>; #size-cells = <1>; ranges = <0 0x5000 0x100>; };\n',
      ),
    },
    {
      name: 'does not run when reg_format fails anywhere (dtc\'s failed prerequisite)',
      code: BUS(WRONG_ADDRESS, '\tbad@1 { reg = <1 2 3>; };\n'),
    },
    {
      name: 'does not run when a compatible is not a string list (simple_bus_bridge\'s failed prerequisite)',
      code: BUS(WRONG_ADDRESS, '\tbad { compatible = <1>; };\n'),
    },
    { name: 'is off at the kernel\'s default warning level', code: BUS(WRONG_ADDRESS), options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'a unit address that is not the reg address, a child without reg or ranges',
      code: BUS('\t\tuart@1000 { reg = <0x2000 0x100>; };\n\t\ttimer { reg = <0x4000 0x10>; };\n\t\tnothing { compatible = "acme,x"; };\n'),
      errors: [
        {
          messageId: 'unitAddress',
          data: { where: '/soc/uart@1000', expected: '2000' },
          message: '/soc/uart@1000: simple-bus unit address format error, expected "2000"',
          line: 10,
          column: 3,
        },
        { messageId: 'unitAddress', data: { where: '/soc/timer', expected: '4000' }, line: 11, column: 3 },
        { messageId: 'missingReg', data: { where: '/soc/nothing' }, line: 12, column: 3 },
      ],
    },
    {
      name: 'an empty compatible is a string list (simple_bus_bridge passes)',
      code: BUS(WRONG_ADDRESS, '\tbad { compatible; };\n'),
      errors: [{ messageId: 'unitAddress', data: { where: '/soc/uart@1000', expected: '2000' }, line: 11, column: 3 }],
    },
  ],
});
