import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('status_is_string', {
  valid: [
    { name: 'one string', code: '/dts-v1/;\n/ {\n\tn { status = "x"; };\n};\n' },
    { name: 'an empty string is one string', code: '/dts-v1/;\n/ {\n\tn { status = ""; };\n};\n' },
  ],
  invalid: [
    {
      name: 'a number, two strings, an empty property',
      code: '/dts-v1/;\n/ {\n\ta { status = <1>; };\n\tb { status = "x", "y"; };\n\tc { status; };\n};\n',
      errors: [
        { messageId: 'notString', data: { where: '/a:status' }, message: '/a:status: property is not a string', level: 'warning', line: 3, column: 6 },
        { messageId: 'notString', data: { where: '/b:status' }, line: 4, column: 6 },
        { messageId: 'notString', data: { where: '/c:status' }, line: 5, column: 6 },
      ],
    },
  ],
});
