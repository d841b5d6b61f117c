/** node_name_chars (dtc ERROR): a node name has a character outside dtc's NODECHARS. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

/** checks.c NODECHARS: letters, digits and `,._+@-`. */
const NODECHARS = /[^a-zA-Z0-9,._+@-]/;

const messages = { badChar: "Bad character '{{char}}' in node name" } as const;

/** dtc's check_node_name_chars: `ERROR(node_name_chars, check_node_name_chars, NODECHARS)`. */
export const nodeNameChars = dtcCheck({
  name: 'node_name_chars',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      const bad = NODECHARS.exec(node.name);
      if (bad) out.push({ node, messageId: 'badChar', data: { char: bad[0] } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: nodeNameChars,
  summary: 'dtc (error): a node name has a character dtc does not allow (only letters, digits and ,._+@-)',
  w1Only: false,
  level: 'error',
  dtbReaderRuns: true,
  symptoms: ['dtc refuses the tree and the kernel build stops'],
});
