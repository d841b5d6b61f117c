import { RuleTester } from '../helpers/rule-tester.js';

const tester = new RuleTester({ scope: 'source' });

tester.run('commented-out-code', {
  valid: [
    { name: 'prose', code: '/* Enable the console UART. */\n' },
    { name: 'prose that runs on into code (comment-swallows-code)', code: '/*\n * Clock gate\n&clk {\n\tstatus = "okay";\n};\n */\n' },
    { name: 'a nested /* (comment-swallows-code)', code: '/*\nstatus = "okay";\n/* inner */\n' },
  ],
  invalid: [
    {
      name: 'a line commented out on purpose (zynqmp.dtsi)',
      code: '/ {\n\tgem0: ethernet@ff0b0000 {\n\t\t/* iommus = <&smmu 0x874>; */\n\t};\n};\n',
      errors: [{ messageId: 'commented', data: { statements: '`iommus = <...>`' }, line: 3, column: 3 }],
    },
    {
      name: 'a node kept for later',
      code: '/*\n&fec2 {\n\tstatus = "okay";\n};\n*/\n',
      errors: [{ messageId: 'commented', data: { statements: '`&fec2 { ... }`' }, line: 1, column: 1 }],
    },
  ],
});
