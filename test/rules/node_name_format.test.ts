import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text (an ERROR: dtc stops).
new RuleTester({ scope: 'source' }).run('node_name_format', {
  valid: [
    { name: 'one @', code: '/dts-v1/;\n/ {\n\tdev@1,2 { };\n};\n' },
    { name: "does not run when a node name has a bad character (dtc's failed prerequisite node_name_chars)", code: '/dts-v1/;\n/ {\n\tdev@1@2 { };\n\tb?d { };\n};\n' },
  ],
  invalid: [
    {
      name: 'two @ in a node name',
      code: '/dts-v1/;\n/ {\n\tdev@1@2 { };\n};\n',
      errors: [{ messageId: 'multipleAt', data: { where: '/dev@1@2' }, message: "/dev@1@2: multiple '@' characters in node name", level: 'error', line: 3, column: 2 }],
    },
  ],
});
