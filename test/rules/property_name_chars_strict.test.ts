import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's (dtc -Wproperty_name_chars_strict, as make W=2 runs it).
const W2 = { config: { dtcWarnings: 'W=2' as const } };

new RuleTester({ scope: 'source', options: W2 }).run('property_name_chars_strict', {
  valid: [
    {
      name: 'device_type, and one # at the start or after the vendor prefix',
      code: '/dts-v1/;\n/ {\n\tn { device_type = "x"; #a-cells = <1>; vendor,#b-cells = <1>; };\n};\n',
    },
    { name: 'is off at the kernel\'s default warning level', code: '/dts-v1/;\n/ {\n\tn { dr_mode = "host"; };\n};\n', options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'an underscore, a second #, a # inside a name',
      code: '/dts-v1/;\n/ {\n\tn {\n\t\tdr_mode = "host";\n\t\t#a#b = <1>;\n\t\ta#b = <1>;\n\t};\n};\n',
      errors: [
        { messageId: 'notRecommended', data: { where: '/n:dr_mode', char: '_' }, message: "/n:dr_mode: Character '_' not recommended in property name", line: 4, column: 3 },
        { messageId: 'notRecommended', data: { where: '/n:#a#b', char: '#' }, line: 5, column: 3 },
        { messageId: 'notRecommended', data: { where: '/n:a#b', char: '#' }, line: 6, column: 3 },
      ],
    },
  ],
});
