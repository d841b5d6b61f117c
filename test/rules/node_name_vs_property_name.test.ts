import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('node_name_vs_property_name', {
  valid: [
    { name: 'a node and a property with different names', code: '/dts-v1/;\n/ {\n\tfoo = <1>;\n\tfoo@1 { };\n};\n' },
    { name: "does not run when a node name has a bad character (dtc's failed prerequisite node_name_chars)", code: '/dts-v1/;\n/ {\n\tfoo = <1>;\n\tfoo { };\n\tb?d { };\n};\n' },
  ],
  invalid: [
    {
      name: 'a node named like a property of its parent',
      code: '/dts-v1/;\n/ {\n\tfoo = <1>;\n\tfoo { };\n};\n',
      errors: [{ messageId: 'conflict', data: { where: '/foo' }, message: '/foo: node name and property name conflict', level: 'warning', line: 4, column: 2 }],
    },
  ],
});
