/** node_name_vs_property_name (dtc): a node named like a property of its parent. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';
import { nodeNameChars } from './node_name_chars.js';

const messages = { conflict: 'node name and property name conflict' } as const;

/** dtc's check_node_name_vs_property_name: `WARNING(node_name_vs_property_name, ..., NULL, &node_name_chars)`. */
export const nodeNameVsPropertyName = dtcCheck({
  name: 'node_name_vs_property_name',
  prerequisites: [nodeNameChars],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (node.parent && getProperty(node.parent, node.name)) out.push({ node, messageId: 'conflict' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: nodeNameVsPropertyName,
  summary: 'dtc: a node has the same name as a property of its parent',
  w1Only: false,
  symptoms: ['tools that address nodes and properties by one path (fdtget, /proc/device-tree) see only one of them'],
});
