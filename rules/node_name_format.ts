/** node_name_format (dtc ERROR): a node name with more than one `@`. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';
import { nodeNameChars } from './node_name_chars.js';

const messages = { multipleAt: "multiple '@' characters in node name" } as const;

/** dtc's check_node_name_format: `ERROR(node_name_format, check_node_name_format, NULL, &node_name_chars)`. */
export const nodeNameFormat = dtcCheck({
  name: 'node_name_format',
  prerequisites: [nodeNameChars],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (unitName(node).includes('@')) out.push({ node, messageId: 'multipleAt' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: nodeNameFormat,
  summary: "dtc (error): a node name has more than one '@'",
  w1Only: false,
  level: 'error',
  symptoms: ['dtc refuses the tree and the kernel build stops'],
});
