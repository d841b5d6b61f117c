import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's on the same text (dtc -Walias_paths).
const W1 = { config: { dtcWarnings: 'W=1' as const } };
const TEXT =
  '/dts-v1/;\n/ {\n\taliases {\n\t\tserial0 = "/soc/serial";\n\t\td_can0 = &uart;\n\t\tBad = &uart;\n\t\tempty;\n\t\tmmc0 = "/soc/serial@1000";\n\t};\n' +
  '\tsoc {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tuart: serial@1000 { reg = <0x1000 0x10>; };\n\t};\n};\n';

new RuleTester({ scope: 'source', options: W1 }).run('alias_paths', {
  valid: [
    { name: 'labels and full paths (extra slashes are skipped)', code: '/dts-v1/;\n/ {\n\taliases { serial0 = &uart; serial1 = "//soc//uart/"; };\n\tsoc { uart: uart { }; };\n};\n' },
    { name: "is off at the kernel's default warning level", code: TEXT, options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'a path by base name, bad names (once each, at the name), an empty value',
      code: TEXT,
      errors: [
        { messageId: 'notNode', data: { where: '/aliases:serial0', value: '/soc/serial' }, message: '/aliases:serial0: aliases property is not a valid node (/soc/serial)', line: 4, column: 3 },
        { messageId: 'badName', data: { where: '/aliases' }, message: "/aliases: aliases property name must include only lowercase and '-'", line: 5, column: 3 },
        { messageId: 'badName', data: { where: '/aliases' }, line: 6, column: 3 },
        { messageId: 'notNode', data: { where: '/aliases:empty', value: '(null)' }, line: 7, column: 3 },
      ],
    },
  ],
});
