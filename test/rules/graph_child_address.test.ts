import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's on the same text (dtc -Wgraph_child_address).
const W1 = { config: { dtcWarnings: 'W=1' as const } };
const TEXT =
  '/dts-v1/;\n/ {\n\tpanel {\n\t\tport {\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <0>;\n\t\t\tendpoint@0 { reg = <0>; };\n\t\t};\n\t};\n};\n';

new RuleTester({ scope: 'source', options: W1 }).run('graph_child_address', {
  valid: [
    {
      name: 'two endpoints, or one at a non-zero address',
      code:
        '/dts-v1/;\n/ {\n\ta { port { #address-cells = <1>; #size-cells = <0>; endpoint@0 { reg = <0>; }; endpoint@1 { reg = <1>; }; }; };\n' +
        '\tb { port { #address-cells = <1>; #size-cells = <0>; endpoint@2 { reg = <2>; }; }; };\n};\n',
    },
    { name: "is off at the kernel's default warning level", code: TEXT, options: { config: { dtcWarnings: 'kernel' } } },
  ],
  invalid: [
    {
      name: 'a single endpoint at address 0 under #address-cells',
      code: TEXT,
      errors: [
        {
          messageId: 'singleChild',
          data: { where: '/panel/port', child: 'endpoint@0' },
          message: "/panel/port: graph node has single child node 'endpoint@0', #address-cells/#size-cells are not necessary",
          line: 4,
          column: 3,
        },
      ],
    },
    {
      name: 'a device with one port is a ports node; a simple-bus is a bus already (dtc: node->parent->bus)',
      code:
        '/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tbus {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n\t\tranges;\n' +
        '\t\tport@0 { reg = <0>; endpoint { }; };\n\t};\n\tdev {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n\t\tport@0 { reg = <0>; endpoint { }; };\n\t};\n};\n',
      errors: [{ messageId: 'singleChild', data: { where: '/dev', child: 'port@0' }, line: 12, column: 2 }],
    },
  ],
});
