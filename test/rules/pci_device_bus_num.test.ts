import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const PCI = (busRange: string, children: string) =>
  '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n' +
  `\tpcie@1000 {\n\t\treg = <0 0x1000 0 0x100>;\n\t\tdevice_type = "pci";\n\t\t#address-cells = <3>;\n\t\t#size-cells = <2>;\n\t\tranges = <0 0 0 0 0 0 0x1000>;\n${busRange}${children}\t};\n};\n`;

new RuleTester({ scope: 'source' }).run('pci_device_bus_num', {
  valid: [
    { name: 'bus 0 without bus-range', code: PCI('', '\t\tdev@2 { reg = <0x1000 0 0 0 0>; };\n') },
    { name: 'the first bus of bus-range', code: PCI('\t\tbus-range = <1 3>;\n', '\t\tdev@2 { reg = <0x11000 0 0 0 0>; };\n') },
  ],
  invalid: [
    {
      name: 'bus 1 without bus-range: at the device',
      code: PCI('', '\t\tdev@2 { reg = <0x11000 0 0 0 0>; };\n'),
      errors: [{ messageId: 'outOfRange', data: { where: '/pcie@1000/dev@2', bus: 1, min: 0, max: 0 }, message: '/pcie@1000/dev@2: PCI bus number 1 out of range, expected (0 - 0)', line: 11, column: 3 }],
    },
    {
      name: "dtc 1.6.1 reads both ends from bus-range's first cell, and points at the bridge's bus-range",
      code: PCI('\t\tbus-range = <1 3>;\n', '\t\tdev@2 { reg = <0x21000 0 0 0 0>; };\n'),
      errors: [
        {
          messageId: 'outOfRange',
          data: { where: '/pcie@1000/dev@2:bus-range', bus: 2, min: 1, max: 1 },
          message: '/pcie@1000/dev@2:bus-range: PCI bus number 2 out of range, expected (1 - 1)',
          line: 11,
          column: 3,
        },
      ],
    },
  ],
});
