import { RuleTester } from '../helpers/rule-tester.js';

/** A QEMU virt dump decoded by dtc: raw phandles everywhere. */
const DUMP = `/dts-v1/;
/ {
	interrupt-parent = <0x8002>;
	apb-pclk { phandle = <0x8000>; #clock-cells = <0x00>; };
	intc@8000000 { phandle = <0x8002>; interrupt-controller; #interrupt-cells = <0x03>; };
	cpus { #address-cells = <1>; #size-cells = <0>; cpu@0 { phandle = <0x8001>; reg = <0>; }; };
`;

/** The dump above, then `body` from line 7 on. */
const dump = (body: string) => `${DUMP}\t${body}\n};\n`;

new RuleTester({ scope: 'source', filename: 'guest.dts' }).run('raw-phandle', {
  valid: [
    { name: 'raw phandles that name providers of the right kind', code: dump('pl011@9000000 { clocks = <0x8000 0x8000>; };') },
    { name: 'a 0 and a -1 placeholder', code: dump('dev { pinctrl-0 = <0>; resets = <0xffffffff>; };') },
    { name: '&references (not this rule)', code: dump('dev { clocks = <&{/apb-pclk}>; };') },
    { name: 'leaves interrupt-parent to the interrupt-parent rule', code: dump('dev { interrupt-parent = <0x8009>; interrupts = <0 1 4>; };') },
  ],
  invalid: [
    {
      name: 'a phandle that names no node',
      code: dump('pl031@9010000 { clocks = <0x8005>; };'),
      errors: [
        {
          messageId: 'unknown',
          data: { property: 'clocks', index: 0, phandle: '0x8005' },
          message: 'clocks[0]: phandle 0x8005 names no node',
          line: 7,
          column: 28,
          endLine: 7,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'each plain phandle that names no node',
      code: dump('dev { pinctrl-0 = <0x8000 0x9000 0x9001>; };'),
      errors: [
        { messageId: 'unknown', data: { property: 'pinctrl-0', index: 1, phandle: '0x9000' }, line: 7, column: 28 },
        { messageId: 'unknown', data: { property: 'pinctrl-0', index: 2, phandle: '0x9001' }, line: 7, column: 35 },
      ],
    },
    {
      name: 'a phandle that names a node of the wrong kind (a CPU for clocks)',
      code: dump('pl011@9000000 { clocks = <0x8001>; };'),
      errors: [
        {
          messageId: 'wrongKind',
          data: { property: 'clocks', index: 0, phandle: '0x8001', target: '/cpus/cpu@0', cells: '#clock-cells' },
          line: 7,
          column: 28,
          related: [{ line: 6, column: 58 }],
        },
      ],
    },
    {
      name: 'an interrupt-map parent that names no node',
      code: `${DUMP}\tpcie@10000000 { #address-cells = <3>; #interrupt-cells = <1>;\n\t\tinterrupt-map = <0 0 0 1 0x8003 0 0 0 3 4>;\n\t};\n};\n`,
      errors: [{ messageId: 'unknown', data: { property: 'interrupt-map', index: 0, phandle: '0x8003' }, line: 8, column: 28 }],
    },
  ],
});
