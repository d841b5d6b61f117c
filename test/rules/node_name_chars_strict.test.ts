import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wnode_name_chars_strict, as make W=2 runs it).
const W2 = { config: { dtcWarnings: 'W=2' as const } };

new RuleTester({ scope: 'source', options: W2 }).run('node_name_chars_strict', {
  valid: [
    { name: 'letters, digits, "," and "-" in the base name; the unit address is not checked', code: '/dts-v1/;\n/ {\n\tvendor,dev-1@1_a.b { };\n};\n' },
    { name: 'is off at the kernel\'s default warning level', code: '/dts-v1/;\n/ {\n\tpin_a { };\n};\n', options: { config: { dtcWarnings: 'kernel' } } },
    { name: 'is off with W=1 alone', code: '/dts-v1/;\n/ {\n\tpin_a { };\n};\n', options: { config: { dtcWarnings: 'W=1' } } },
  ],
  invalid: [
    {
      name: 'an underscore in a node name',
      code: '/dts-v1/;\n/ {\n\tpin_a { };\n};\n',
      errors: [{ messageId: 'notRecommended', data: { where: '/pin_a', char: '_' }, message: "/pin_a: Character '_' not recommended in node name", level: 'warning', line: 3, column: 2 }],
    },
    {
      name: 'runs with W=12, and at the kernel level when asked for by name',
      code: '/dts-v1/;\n/ {\n\tpin.a { };\n};\n',
      options: { config: { dtcWarnings: 'W=12' } },
      errors: [{ messageId: 'notRecommended', data: { where: '/pin.a', char: '.' }, line: 3, column: 2 }],
    },
    {
      name: 'on by name at the kernel level',
      code: '/dts-v1/;\n/ {\n\tpin+a { };\n};\n',
      options: { config: { dtcWarnings: 'kernel' }, rules: { node_name_chars_strict: 'warning' } },
      errors: [{ messageId: 'notRecommended', data: { where: '/pin+a', char: '+' }, line: 3, column: 2 }],
    },
  ],
});
