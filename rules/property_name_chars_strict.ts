/** property_name_chars_strict (dtc CHECK, kernel W=2): a property name has a character other than letters, digits, `,` and `-`. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

/** checks.c PROPNODECHARSSTRICT: letters, digits, `,` and `-`. */
const STRICT_CHAR = /[a-zA-Z0-9,-]/;

/** C's strspn over PROPNODECHARSSTRICT. */
function strictSpan(name: string, from: number): number {
  let n = from;
  while (n < name.length && STRICT_CHAR.test(name[n]!)) n++;
  return n;
}

const messages = { notRecommended: "Character '{{char}}' not recommended in property name" } as const;

/**
 * dtc's check_property_name_chars_strict: `CHECK(property_name_chars_strict, ..., PROPNODECHARSSTRICT)`;
 * `device_type` is allowed, and one `#` at the start or right after a vendor prefix's `,`.
 */
export const propertyNameCharsStrict = dtcCheck({
  name: 'property_name_chars_strict',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      for (const prop of node.properties) {
        const name = prop.name;
        if (prop.generated || name === 'device_type') continue;
        let n = strictSpan(name, 0);
        if (n === name.length) continue;
        if (name[n] === '#' && (n === 0 || name[n - 1] === ',')) n = strictSpan(name, n + 1);
        if (n < name.length) out.push({ node, prop, messageId: 'notRecommended', data: { char: name[n]! } });
      }
    });
    return out;
  },
});

export default defineDtcCheck({
  check: propertyNameCharsStrict,
  summary: 'dtc (W=2): a property name has a character the devicetree conventions do not recommend (only letters, digits, "," and "-")',
  w1Only: false,
  w2Only: true,
  symptoms: ['none at run time: the name breaks the naming conventions the bindings are checked against'],
});
