import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's on the same text.
new RuleTester({ scope: 'source' }).run('interrupt_provider', {
  valid: [
    {
      name: 'a controller and a nexus with both cells; #interrupt-cells alone is no provider',
      code:
        '/dts-v1/;\n/ {\n\tintc { interrupt-controller; #interrupt-cells = <2>; #address-cells = <0>; };\n' +
        '\tmap { interrupt-map; #interrupt-cells = <1>; #address-cells = <0>; };\n\tcells { #interrupt-cells = <1>; };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'a controller without either, an interrupt-map without #address-cells',
      code: '/dts-v1/;\n/ {\n\tintc { interrupt-controller; };\n\tmap {\n\t\tinterrupt-map;\n\t\t#interrupt-cells = <1>;\n\t};\n};\n',
      errors: [
        { messageId: 'noAddressCells', data: { where: '/intc' }, message: '/intc: Missing #address-cells in interrupt provider', line: 3, column: 2 },
        { messageId: 'noInterruptCells', data: { where: '/intc' }, message: '/intc: Missing #interrupt-cells in interrupt provider', line: 3, column: 2 },
        { messageId: 'noAddressCells', data: { where: '/map' }, line: 4, column: 2 },
      ],
    },
  ],
});
