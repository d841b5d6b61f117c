import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('names_is_string_list', {
  valid: [{ name: 'string lists and an empty one', code: '/dts-v1/;\n/ {\n\tn { clock-names = "a", "b"; reg-names; };\n};\n' }],
  invalid: [
    {
      name: 'a -names property ending in a number',
      code: '/dts-v1/;\n/ {\n\tn { clock-names = "a", <1>; names = <1>; };\n};\n',
      errors: [{ messageId: 'notStringList', data: { where: '/n:clock-names' }, message: '/n:clock-names: property is not a string list', line: 3, column: 6 }],
    },
  ],
});
