import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text (an ERROR: dtc stops).
new RuleTester({ scope: 'source' }).run('name_is_string', {
  valid: [{ name: 'a name property that is its base name (dtc drops it)', code: '/dts-v1/;\n/ {\n\tdev@1 { name = "dev"; };\n};\n' }],
  invalid: [
    {
      name: "a number: reported, and name_properties does not run (dtc's failed prerequisite)",
      code: '/dts-v1/;\n/ {\n\tdev { name = <1>; };\n\tother { name = "wrong"; };\n};\n',
      rules: ['syntax-error'],
      errors: [{ messageId: 'notString', data: { where: '/dev:name' }, message: '/dev:name: property is not a string', level: 'error', line: 3, column: 8 }],
    },
  ],
});
