import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const ROOT = (children: string) => `/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n${children}};\n`;
const GOOD = 'device_type = "pci"; #address-cells = <3>; #size-cells = <2>; ranges = <0 0 0 0 0 0 0x1000>;';

new RuleTester({ scope: 'source' }).run('pci_bridge', {
  valid: [
    { name: 'a PCI host bridge', code: ROOT(`\tpcie@1000 { reg = <0 0x1000 0 0x100>; ${GOOD} bus-range = <0 0xff>; };\n`) },
    { name: 'not device_type "pci"', code: ROOT('\thost@1000 { reg = <0 0x1000 0 0x100>; device_type = "pciex"; };\n') },
    {
      name: "does not run when a device_type is not a string (dtc's failed prerequisite device_type_is_string)",
      code: ROOT('\thost@1000 { reg = <0 0x1000 0 0x100>; device_type = "pci"; };\n\tx { device_type = <1>; };\n'),
    },
  ],
  invalid: [
    {
      name: 'wrong name, no ranges, wrong cells',
      code: ROOT('\thost@1000 {\n\t\treg = <0 0x1000 0 0x100>;\n\t\tdevice_type = "pci";\n\t\t#address-cells = <2>;\n\t};\n'),
      errors: [
        { messageId: 'addressCells', data: { where: '/host@1000' }, message: '/host@1000: incorrect #address-cells for PCI bridge', line: 5, column: 2 },
        { messageId: 'sizeCells', data: { where: '/host@1000' }, message: '/host@1000: incorrect #size-cells for PCI bridge', line: 5, column: 2 },
        { messageId: 'missingRanges', data: { where: '/host@1000' }, message: '/host@1000: missing ranges for PCI bridge (or not a bridge)', line: 5, column: 2 },
        { messageId: 'nodeName', data: { where: '/host@1000' }, message: '/host@1000: node name is not "pci" or "pcie"', line: 5, column: 2 },
      ],
    },
    {
      name: 'bus-range of the wrong length, reversed, above 255',
      code: ROOT(
        `\tpci@1 { reg = <0 1 0 1>; ${GOOD} bus-range = <1>; };\n\tpci@2 { reg = <0 2 0 1>; ${GOOD} bus-range = <3 1>; };\n\tpci@3 { reg = <0 3 0 1>; ${GOOD} bus-range = <0 256>; };\n`,
      ),
      errors: [
        { messageId: 'busRangeLength', data: { where: '/pci@1:bus-range' }, message: '/pci@1:bus-range: value must be 2 cells', line: 5, column: 120 },
        { messageId: 'busRangeOrder', data: { where: '/pci@2:bus-range' }, message: '/pci@2:bus-range: 1st cell must be less than or equal to 2nd cell', line: 6, column: 120 },
        { messageId: 'busRangeMax', data: { where: '/pci@3:bus-range' }, message: '/pci@3:bus-range: maximum bus number must be less than 256', line: 7, column: 120 },
      ],
    },
  ],
});
