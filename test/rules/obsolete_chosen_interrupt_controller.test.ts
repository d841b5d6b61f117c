import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('obsolete_chosen_interrupt_controller', {
  valid: [
    { name: 'a /chosen without it', code: '/dts-v1/;\n/ {\n\tchosen { bootargs = "quiet"; };\n};\n' },
    { name: 'only /chosen counts', code: '/dts-v1/;\n/ {\n\tchosen@0 { interrupt-controller; };\n};\n' },
  ],
  invalid: [
    {
      name: "at the property, named after the root's path as dtc does",
      code: '/dts-v1/;\n/ {\n\tchosen {\n\t\tinterrupt-controller;\n\t};\n};\n',
      errors: [
        {
          messageId: 'obsolete',
          data: { where: '/:interrupt-controller' },
          message: '/:interrupt-controller: /chosen has obsolete "interrupt-controller" property',
          line: 4,
          column: 3,
        },
      ],
    },
  ],
});
