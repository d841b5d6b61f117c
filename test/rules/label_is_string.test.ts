import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('label_is_string', {
  valid: [
    { name: 'one string', code: '/dts-v1/;\n/ {\n\tn { label = "x"; };\n};\n' },
    { name: 'an empty string is one string', code: '/dts-v1/;\n/ {\n\tn { label = ""; };\n};\n' },
  ],
  invalid: [
    {
      name: 'a number, two strings, an empty property',
      code: '/dts-v1/;\n/ {\n\ta { label = <1>; };\n\tb { label = "x", "y"; };\n\tc { label; };\n};\n',
      errors: [
        { messageId: 'notString', data: { where: '/a:label' }, message: '/a:label: property is not a string', level: 'warning', line: 3, column: 6 },
        { messageId: 'notString', data: { where: '/b:label' }, line: 4, column: 6 },
        { messageId: 'notString', data: { where: '/c:label' }, line: 5, column: 6 },
      ],
    },
  ],
});
