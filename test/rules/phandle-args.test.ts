import { RuleTester } from '../helpers/rule-tester.js';

const PROVIDERS = `/dts-v1/;
/ {
	clk: clock-controller@1 { #clock-cells = <1>; };
	osc: oscillator { #clock-cells = <0>; };
	rst: reset-controller@2 { #reset-cells = <1>; };
	noc: interconnect@3 { #interconnect-cells = <2>; };
	mem: interconnect@4 { #interconnect-cells = <2>; };
	mbox: mailbox@5 { #mbox-cells = <1>; sub: channel { }; };
	gpio: gpio@6 { #gpio-cells = <2>; };
	plain: node@7 { };
`;

/** The providers above, then `body` as one more line of the root node (line 11). */
const board = (body: string) => `${PROVIDERS}\t${body}\n};\n`;

new RuleTester({ scope: 'source' }).run('phandle-args', {
  valid: [
    { name: 'entries that fit their providers', code: board('dev { clocks = <&clk 1>, <&osc>, <&clk 2>; resets = <&rst 0>; };') },
    { name: 'a 0 placeholder entry', code: board('dev { cs-gpios = <0>, <&gpio 3 0>; };') },
    { name: 'a phandle argument where the binding takes one (TI sub-mailboxes)', code: board('dev { mboxes = <&mbox &sub>; };') },
    { name: 'interconnect paths with two cells each', code: board('dev { interconnects = <&noc 18 0 &mem 1 0>; };') },
    { name: 'a node of a gpio hog, whose gpios name its own controller', code: board('hog { gpio-hog; gpios = <1 0>; };') },
    { name: 'nvmem-cells, whose cells property is optional', code: board('cell: cell@8 { }; dev { nvmem-cells = <&cell>; };') },
    { name: 'leaves numbers-only lists to raw-phandle', code: '/dts-v1/;\n/ {\n\tnode@7 { phandle = <7>; };\n\tdev { clocks = <7 1>; };\n};\n' },
  ],
  invalid: [
    {
      name: 'an msi-map cut before its phandle (crashed the rule: the entry names no provider)',
      code: board('dev { msi-map = <0>; };'),
      errors: [{ messageId: 'shortMap', data: { property: 'msi-map', index: 0 }, line: 11, column: 19 }],
    },
    {
      name: 'a short iommu-map',
      code: board('dev { iommu-map = <0>; };'),
      errors: [{ messageId: 'shortMap', data: { property: 'iommu-map', index: 0 }, line: 11, column: 21 }],
    },
    {
      name: 'names a provider without its cells property',
      code: board('dev { clocks = <&clk 1>, <&plain 4>; };'),
      errors: [
        {
          messageId: 'missingCells',
          data: { property: 'clocks', index: 1, provider: '/node@7', cells: '#clock-cells' },
          message: 'clocks[1] names /node@7, which has no #clock-cells: the arguments of this entry and the rest of the list cannot be read',
          line: 11,
          column: 28,
          endLine: 11,
          endColumn: 34,
          related: [{ line: 10, column: 2 }],
        },
      ],
    },
    {
      name: 'a list that ends inside an entry',
      code: board('dev { resets = <&rst 0 &rst>; };'),
      errors: [
        { messageId: 'tooShort', data: { property: 'resets', index: 1, provider: '/reset-controller@2', cells: '#reset-cells', expected: 1, found: 0 }, line: 11, column: 25 },
      ],
    },
    {
      name: 'an entry with too few cells reads the next &reference as an argument (qcom/sdx75.dtsi)',
      code: board('dev { interconnects = <&noc 18 &mem 1>, <&mem 2 0 &noc 3 0>; };'),
      errors: [
        {
          messageId: 'refAsArgument',
          data: { property: 'interconnects', index: 0, reference: '&mem', position: 2, provider: '/interconnect@3', cells: '#interconnect-cells', expected: 2 },
          line: 11,
          column: 33,
          related: [{ line: 6, column: 24 }],
        },
      ],
    },
    {
      name: 'a &reference to a provider of the same kind read as an argument, with nothing else wrong',
      code: board('dev { clocks = <&clk &osc>; };'),
      errors: [
        {
          messageId: 'refAsArgument',
          data: { property: 'clocks', index: 0, reference: '&osc', position: 1, provider: '/clock-controller@1', cells: '#clock-cells', expected: 1 },
          line: 11,
          column: 23,
        },
      ],
    },
    {
      name: 'an entry with too many cells: the extra number is read as a phandle',
      code: board('dev { clocks = <&clk 1 2>, <&osc>; };'),
      errors: [
        {
          messageId: 'notPhandle',
          data: { property: 'clocks', index: 1, value: 2, previous: 0, provider: '/clock-controller@1', cells: '#clock-cells', expected: 1 },
          line: 11,
          column: 25,
        },
      ],
    },
    {
      name: 'a number where the first phandle belongs, among &references',
      code: board('dev { clocks = <7 &osc>; };'),
      errors: [{ messageId: 'numberForPhandle', data: { property: 'clocks', index: 0, value: 7 }, line: 11, column: 18 }],
    },
    {
      name: 'an interrupt-map entry whose parent lacks #interrupt-cells',
      code:
        '/dts-v1/;\n/ {\n\tintc: intc { interrupt-controller; #address-cells = <0>; };\n' +
        '\tbus { #address-cells = <1>; #interrupt-cells = <1>;\n\t\tinterrupt-map = <0 1 &intc 5>;\n\t};\n};\n',
      errors: [{ messageId: 'missingCells', data: { property: 'interrupt-map', index: 0, provider: '/intc', cells: '#interrupt-cells' }, line: 5, column: 24 }],
    },
    {
      name: 'reports the first problem of a list only',
      code: board('dev { clocks = <&plain &plain>; resets = <&rst>; };'),
      errors: [
        { messageId: 'missingCells', data: { property: 'clocks', index: 0, provider: '/node@7', cells: '#clock-cells' }, line: 11, column: 18 },
        { messageId: 'tooShort', data: { property: 'resets', index: 0, provider: '/reset-controller@2', cells: '#reset-cells', expected: 1, found: 0 }, line: 11, column: 44 },
      ],
    },
  ],
});
