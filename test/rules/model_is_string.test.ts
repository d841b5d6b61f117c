import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('model_is_string', {
  valid: [
    { name: 'one string', code: '/dts-v1/;\n/ {\n\tn { model = "x"; };\n};\n' },
    { name: 'an empty string is one string', code: '/dts-v1/;\n/ {\n\tn { model = ""; };\n};\n' },
  ],
  invalid: [
    {
      name: 'a number, two strings, an empty property',
      code: '/dts-v1/;\n/ {\n\ta { model = <1>; };\n\tb { model = "x", "y"; };\n\tc { model; };\n};\n',
      errors: [
        { messageId: 'notString', data: { where: '/a:model' }, message: '/a:model: property is not a string', level: 'warning', line: 3, column: 6 },
        { messageId: 'notString', data: { where: '/b:model' }, line: 4, column: 6 },
        { messageId: 'notString', data: { where: '/c:model' }, line: 5, column: 6 },
      ],
    },
  ],
});
