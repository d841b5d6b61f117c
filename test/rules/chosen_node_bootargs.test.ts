import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('chosen_node_bootargs', {
  valid: [
    { name: 'one string', code: '/dts-v1/;\n/ {\n\tchosen { bootargs = "console=ttyS0 quiet"; };\n};\n' },
    { name: 'only nodes named chosen', code: '/dts-v1/;\n/ {\n\tn { bootargs = <1>; };\n};\n' },
  ],
  invalid: [
    {
      name: 'two strings, in a chosen node anywhere',
      code: '/dts-v1/;\n/ {\n\tchosen {\n\t\tbootargs = "console=ttyS0", "quiet";\n\t};\n\tn { chosen { bootargs = <1>; }; };\n};\n',
      errors: [
        { messageId: 'notString', data: { where: '/chosen:bootargs' }, message: '/chosen:bootargs: property is not a string', line: 4, column: 3 },
        { messageId: 'notString', data: { where: '/n/chosen:bootargs' }, line: 6, column: 15 },
      ],
    },
  ],
});
