import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's, from `dtc -I dts -O dtb` on the same text.
const PCI = (children: string) =>
  '/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n' +
  `\tpcie@1000 {\n\t\treg = <0 0x1000 0 0x100>;\n\t\tdevice_type = "pci";\n\t\t#address-cells = <3>;\n\t\t#size-cells = <2>;\n\t\tranges = <0 0 0 0 0 0 0x1000>;\n${children}\t};\n};\n`;

new RuleTester({ scope: 'source' }).run('pci_device_reg', {
  valid: [{ name: 'DEV and DEV,FN unit addresses of config-space regs', code: PCI('\t\tdev@2 { reg = <0x1000 0 0 0 0>; };\n\t\tdev@3,1 { reg = <0x1900 0 0 0 0>; };\n\t\tdev@0,0 { reg = <0 0 0 0 0>; };\n') }],
  invalid: [
    {
      name: 'a reg that is not config space, with a register number, high cells, and unit addresses that are not DEV[,FN]',
      code: PCI('\t\tdev@3,1 { reg = <0x01001900 0 1 0 0>; };\n\t\tdev@4 { reg = <0x2105 0 0 0 0>; };\n\t\tdev@00 { reg = <0 0 0 0 0>; };\n'),
      errors: [
        { messageId: 'notConfigSpace', data: { where: '/pcie@1000/dev@3,1:reg' }, message: '/pcie@1000/dev@3,1:reg: PCI reg address is not configuration space', line: 11, column: 13 },
        { messageId: 'highCells', data: { where: '/pcie@1000/dev@3,1:reg' }, message: '/pcie@1000/dev@3,1:reg: PCI reg config space address cells 2 and 3 must be 0', line: 11, column: 13 },
        { messageId: 'unitAddress', data: { where: '/pcie@1000/dev@4', expected: '4,1' }, message: '/pcie@1000/dev@4: PCI unit address format error, expected "4,1"', line: 12, column: 3 },
        {
          messageId: 'registerNumber',
          data: { where: '/pcie@1000/dev@4:reg' },
          message: '/pcie@1000/dev@4:reg: PCI reg config space address register number must be 0',
          line: 12,
          column: 11,
        },
        { messageId: 'unitAddress', data: { where: '/pcie@1000/dev@00', expected: '0,0' }, line: 13, column: 3 },
      ],
    },
  ],
});
