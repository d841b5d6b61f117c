import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text (an ERROR: dtc stops).
new RuleTester({ scope: 'source' }).run('node_name_chars', {
  valid: [{ name: 'letters, digits and ,._+@-', code: '/dts-v1/;\n/ {\n\tvendor,a_b.c+d-e@1 { };\n};\n' }],
  invalid: [
    {
      name: 'a ? and a # in node names, at the first bad character',
      code: '/dts-v1/;\n/ {\n\tfo?o { };\n\tbaz#x*y { };\n};\n',
      errors: [
        { messageId: 'badChar', data: { where: '/fo?o', char: '?' }, message: "/fo?o: Bad character '?' in node name", level: 'error', line: 3, column: 2 },
        { messageId: 'badChar', data: { where: '/baz#x*y', char: '#' }, line: 4, column: 2 },
      ],
    },
  ],
});
