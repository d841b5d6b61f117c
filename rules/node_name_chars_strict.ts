/** node_name_chars_strict (dtc CHECK, kernel W=2): a node's base name has a character other than letters, digits, `,` and `-`. */
import { baseName, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

/** checks.c PROPNODECHARSSTRICT: letters, digits, `,` and `-`. */
const STRICT = /[^a-zA-Z0-9,-]/;

const messages = { notRecommended: "Character '{{char}}' not recommended in node name" } as const;

/** dtc's check_node_name_chars_strict: `CHECK(node_name_chars_strict, ..., PROPNODECHARSSTRICT)`, over the base name only. */
export const nodeNameCharsStrict = dtcCheck({
  name: 'node_name_chars_strict',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      const bad = STRICT.exec(baseName(node));
      if (bad) out.push({ node, messageId: 'notRecommended', data: { char: bad[0] } });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: nodeNameCharsStrict,
  summary: 'dtc (W=2): a node name has a character the devicetree conventions do not recommend (only letters, digits, "," and "-")',
  w1Only: false,
  w2Only: true,
  symptoms: ['none at run time: the name breaks the naming conventions the bindings are checked against'],
});
