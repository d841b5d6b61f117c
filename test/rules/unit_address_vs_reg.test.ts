import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wno-unique_unit_address -Wunique_unit_address_if_enabled, i.e. W=1).
const TEXT =
  '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tsoc {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n' +
  '\t\tgpio@3000x { };\n\t\ttimer { reg = <0x4000 0x10>; };\n\t\tuart@1000 { reg = <0x1000 0x10>; };\n\t};\n\tbus@3000 { ranges; };\n};\n';

const W1 = { config: { dtcWarnings: 'W=1' as const } };

new RuleTester({ scope: 'source', options: W1 }).run('unit_address_vs_reg', {
  valid: [
    {
      name: 'unit addresses with reg or ranges, names without either',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10>; };\n' +
        '\tbus@2000 { #address-cells = <1>; #size-cells = <1>; ranges = <0 0x2000 0x10>; };\n\tchosen { };\n};\n',
    },
    { name: 'is off at the kernel\'s default warning level', code: TEXT, options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'a unit address without reg (an empty ranges does not count), reg without a unit address',
      code: TEXT,
      errors: [
        { messageId: 'noReg', data: { where: '/soc/gpio@3000x' }, message: '/soc/gpio@3000x: node has a unit name, but no reg or ranges property', line: 9, column: 3 },
        { messageId: 'noUnitName', data: { where: '/soc/timer' }, line: 10, column: 3 },
        { messageId: 'noReg', data: { where: '/bus@3000' }, line: 13, column: 2 },
      ],
    },
  ],
});
