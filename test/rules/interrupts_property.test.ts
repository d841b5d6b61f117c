import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's on the same text.
const TEXT =
  '/dts-v1/;\n/ {\n\tintc: intc {\n\t\tinterrupt-controller;\n\t\t#interrupt-cells = <2>;\n\t\t#address-cells = <0>;\n\t};\n\tnc: nc { };\n' +
  '\tbus {\n\t\tinterrupt-parent = <&nc>;\n\t\ta { interrupts = <1>; };\n\t\tb { interrupts = <2>; };\n\t};\n' +
  '\tbad { interrupt-parent = <0>; c { interrupts = <1>; }; };\n' +
  '\tdev { interrupt-parent = <&intc>; interrupts = <1 2 3>; };\n' +
  '\torphan { interrupts = [00 01]; };\n' +
  '\tmap {\n\t\tinterrupt-map;\n\t\t#interrupt-cells = <1>;\n\t\tchild { interrupts = <1>; };\n\t};\n};\n';

new RuleTester({ scope: 'source' }).run('interrupts_property', {
  valid: [
    {
      name: 'an interrupt parent inherited, or the nearest ancestor that is a provider (interrupt-map)',
      code:
        '/dts-v1/;\n/ {\n\tinterrupt-parent = <&intc>;\n\tintc: intc { interrupt-controller; #interrupt-cells = <2>; #address-cells = <0>; };\n' +
        '\tdev { interrupts = <1 4>, <2 4>; };\n\tmap { interrupt-map; #interrupt-cells = <1>; child { interrupts = <1>; }; };\n};\n',
    },
    {
      name: 'none on a tree with an unresolved reference: dtc stops at phandle_references, before every warning check',
      code: '/dts-v1/;\n/ {\n\tserial { interrupt-parent = <&nosuch>; interrupts = <3>; };\n\tnc: nc { };\n\tdev { interrupt-parent = <&nc>; interrupts = <1>; };\n};\n',
    },
  ],
  invalid: [
    {
      name: "dtc's reports, one per consumer (each at the consumer's interrupts when dtc names another node)",
      code: TEXT,
      errors: [
        { messageId: 'sizeNotMultiple', data: { where: '/dev:#interrupt-cells', size: 12, multiple: 8 }, message: '/dev:#interrupt-cells: size is (12), expected multiple of 8', line: 5, column: 3 },
        { messageId: 'notProvider', data: { where: '/nc' }, message: '/nc: Missing interrupt-controller or interrupt-map property', line: 11, column: 7 },
        { messageId: 'notProvider', data: { where: '/nc' }, line: 12, column: 7 },
        { messageId: 'noParent', data: { where: '/bad/c' }, message: '/bad/c: Missing interrupt-parent', line: 14, column: 32 },
        { messageId: 'invalidPhandle', data: { where: '/bad:interrupt-parent' }, message: '/bad:interrupt-parent: Invalid phandle', line: 14, column: 36 },
        { messageId: 'noParent', data: { where: '/orphan' }, line: 16, column: 2 },
        { messageId: 'sizeInvalid', data: { where: '/orphan:interrupts', size: 2 }, message: '/orphan:interrupts: size (2) is invalid, expected multiple of 4', line: 16, column: 11 },
      ],
    },
  ],
});
