import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('device_type_is_string', {
  valid: [
    { name: 'one string', code: '/dts-v1/;\n/ {\n\tn { device_type = "x"; };\n};\n' },
    { name: 'an empty string is one string', code: '/dts-v1/;\n/ {\n\tn { device_type = ""; };\n};\n' },
  ],
  invalid: [
    {
      name: 'a number, two strings, an empty property',
      code: '/dts-v1/;\n/ {\n\ta { device_type = <1>; };\n\tb { device_type = "x", "y"; };\n\tc { device_type; };\n};\n',
      errors: [
        { messageId: 'notString', data: { where: '/a:device_type' }, message: '/a:device_type: property is not a string', level: 'warning', line: 3, column: 6 },
        { messageId: 'notString', data: { where: '/b:device_type' }, line: 4, column: 6 },
        { messageId: 'notString', data: { where: '/c:device_type' }, line: 5, column: 6 },
      ],
    },
  ],
});
