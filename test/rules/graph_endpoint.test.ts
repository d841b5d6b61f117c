import { RuleTester } from '../helpers/rule-tester.js';
import { GRAPH } from './dtc-graph-text.js';

new RuleTester({ scope: 'source' }).run('graph_endpoint', {
  valid: [
    {
      name: 'endpoints that point at each other',
      code: '/dts-v1/;\n/ {\n\ta { port { ea: endpoint { remote-endpoint = <&eb>; }; }; };\n\tb { port { eb: endpoint { remote-endpoint = <&ea>; }; }; };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'a one-way link, a name other than endpoint, a malformed reg, a phandle that names no node',
      code: GRAPH,
      errors: [
        {
          messageId: 'notBidirectional',
          data: { where: '/display/port@2/endpoint@0', remote: '/display/output@1/endpoint' },
          message: "/display/port@2/endpoint@0: graph connection to node '/display/output@1/endpoint' is not bidirectional",
          line: 12,
          column: 4,
        },
        { messageId: 'name', data: { where: '/bridge/port/ep@1' }, message: "/bridge/port/ep@1: graph endpoint node name should be 'endpoint'", line: 23, column: 10 },
        { messageId: 'malformedReg', data: { where: '/bridge/port/ep@1' }, message: "/bridge/port/ep@1: graph node malformed 'reg' property", line: 23, column: 10 },
        { messageId: 'invalidPhandle', data: { where: '/bridge/port@1/endpoint:remote-endpoint' }, message: '/bridge/port@1/endpoint:remote-endpoint: graph phandle is not valid', line: 24, column: 56 },
      ],
    },
  ],
});
