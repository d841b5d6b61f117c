import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text (an ERROR: dtc stops).
new RuleTester({ scope: 'source' }).run('property_name_chars', {
  valid: [{ name: 'letters, digits and ,._+*#?-', code: '/dts-v1/;\n/ {\n\tv,#a_b.c+d*e?f-g = <1>;\n};\n' }],
  invalid: [
    {
      name: 'an @ in a property name',
      code: '/dts-v1/;\n/ {\n\tn {\n\t\tp@x = <1>;\n\t};\n};\n',
      errors: [{ messageId: 'badChar', data: { where: '/n:p@x', char: '@' }, message: "/n:p@x: Bad character '@' in property name", level: 'error', line: 4, column: 3 }],
    },
  ],
});
