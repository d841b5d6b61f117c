import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
new RuleTester({ scope: 'source' }).run('avoid_default_addr_size', {
  valid: [
    {
      name: 'parents that say their cell sizes',
      code: '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10>; };\n\tnoreg { };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'a node with reg whose parent relies on the defaults, one finding per missing property',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n' +
        '\tbus@3000 { #address-cells = <2>; ranges = <0 0 0x3000 0x100>;\n\t\tchild@0 { reg = <0 0x10 0x20>; };\n\t};\n' +
        '\tnodefault {\n\t\tx@1 { reg = <1 2 3>; };\n\t};\n};\n',
      errors: [
        { messageId: 'defaultSizeCells', data: { where: '/bus@3000/child@0' }, message: '/bus@3000/child@0: Relying on default #size-cells value', line: 6, column: 3 },
        { messageId: 'defaultAddressCells', data: { where: '/nodefault/x@1' }, line: 9, column: 3 },
        { messageId: 'defaultSizeCells', data: { where: '/nodefault/x@1' }, line: 9, column: 3 },
      ],
    },
  ],
});
