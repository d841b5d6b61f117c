/** property_name_chars (dtc ERROR): a property name has a character outside dtc's PROPCHARS. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

/** checks.c PROPCHARS: letters, digits and `,._+*#?-`. */
const PROPCHARS = /[^a-zA-Z0-9,._+*#?-]/;

const messages = { badChar: "Bad character '{{char}}' in property name" } as const;

/** dtc's check_property_name_chars: `ERROR(property_name_chars, check_property_name_chars, PROPCHARS)`. */
export const propertyNameChars = dtcCheck({
  name: 'property_name_chars',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      for (const prop of node.properties) {
        const bad = prop.generated ? null : PROPCHARS.exec(prop.name);
        if (bad) out.push({ node, prop, messageId: 'badChar', data: { char: bad[0] } });
      }
    });
    return out;
  },
});

export default defineDtcCheck({
  check: propertyNameChars,
  summary: 'dtc (error): a property name has a character dtc does not allow (only letters, digits and ,._+*#?-)',
  w1Only: false,
  level: 'error',
  dtbReaderRuns: true,
  symptoms: ['dtc refuses the tree and the kernel build stops'],
});
