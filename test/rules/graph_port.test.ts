import { RuleTester } from '../helpers/rule-tester.js';
import { GRAPH } from './dtc-graph-text.js';

new RuleTester({ scope: 'source' }).run('graph_port', {
  valid: [
    {
      name: "ports named port, reg matching the unit address in hex, the parent's cells 1 and 0",
      code: '/dts-v1/;\n/ {\n\tdev {\n\t\t#address-cells = <1>;\n\t\t#size-cells = <0>;\n\t\tport@a { reg = <0xa>; endpoint { }; };\n\t};\n};\n',
    },
  ],
  invalid: [
    {
      name: "a port not named port, a unit address that is not reg, a parent without cells (dtc names the port's own #address-cells)",
      code: GRAPH,
      errors: [
        { messageId: 'name', data: { where: '/display/output@1' }, message: "/display/output@1: graph port node name should be 'port'", line: 6, column: 3 },
        { messageId: 'unitAddress', data: { where: '/display/port@2', expected: '3' }, message: '/display/port@2: graph node unit address error, expected "3"', line: 10, column: 3 },
        { messageId: 'sizeCells', data: { where: '/bridge/port@1', value: -1 }, message: "/bridge/port@1: graph node '#size-cells' is -1, must be 0", line: 24, column: 3 },
        { messageId: 'addressCells', data: { where: '/bridge/port@1:#address-cells', value: -1 }, message: "/bridge/port@1:#address-cells: graph node '#address-cells' is -1, must be 1", line: 24, column: 12 },
      ],
    },
  ],
});
