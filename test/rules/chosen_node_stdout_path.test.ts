import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('chosen_node_stdout_path', {
  valid: [
    { name: 'stdout-path, one string', code: '/dts-v1/;\n/ {\n\tchosen { stdout-path = "serial0:115200n8"; };\n};\n' },
    { name: 'stdout-path wins over linux,stdout-path', code: '/dts-v1/;\n/ {\n\tchosen { stdout-path = "serial0"; linux,stdout-path = "serial0"; };\n};\n' },
  ],
  invalid: [
    {
      name: 'linux,stdout-path alone, and not a string',
      code: '/dts-v1/;\n/ {\n\tchosen {\n\t\tlinux,stdout-path = <1>;\n\t};\n};\n',
      errors: [
        { messageId: 'useStdoutPath', data: { where: '/chosen:linux,stdout-path' }, message: "/chosen:linux,stdout-path: Use 'stdout-path' instead", line: 4, column: 3 },
        { messageId: 'notString', data: { where: '/chosen:linux,stdout-path' }, message: '/chosen:linux,stdout-path: property is not a string', line: 4, column: 3 },
      ],
    },
    {
      name: 'stdout-path of two strings',
      code: '/dts-v1/;\n/ {\n\tchosen {\n\t\tstdout-path = "a", "b";\n\t};\n};\n',
      errors: [{ messageId: 'notString', data: { where: '/chosen:stdout-path' }, line: 4, column: 3 }],
    },
  ],
});
