import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('chosen_node_is_root', {
  valid: [
    { name: '/chosen', code: '/dts-v1/;\n/ {\n\tchosen { };\n};\n' },
    { name: 'chosen@0 elsewhere is another name', code: '/dts-v1/;\n/ {\n\tn { chosen@0 { }; };\n};\n' },
  ],
  invalid: [
    {
      name: 'a chosen node under another node',
      code: '/dts-v1/;\n/ {\n\tn {\n\t\tchosen { };\n\t};\n};\n',
      errors: [{ messageId: 'notAtRoot', data: { where: '/n/chosen' }, message: '/n/chosen: chosen node must be at root node', line: 4, column: 3 }],
    },
  ],
});
