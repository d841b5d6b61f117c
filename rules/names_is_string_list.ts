/** names_is_string_list (dtc): a `*-names` property that is not a list of strings. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, isStringList } from './support/dtc.js';

const messages = { notStringList: 'property is not a string list' } as const;

/** dtc's check_names_is_string_list: check_is_string_list on every property whose name ends in `-names`. */
export const namesIsStringList = dtcCheck({
  name: 'names_is_string_list',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      for (const prop of node.properties) if (prop.name.endsWith('-names') && !isStringList(prop)) out.push({ node, prop, messageId: 'notStringList' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: namesIsStringList,
  summary: 'dtc: a "-names" property (clock-names, reg-names, ...) is not a list of strings',
  w1Only: false,
  symptoms: ['of_property_match_string() finds no name: the driver cannot get its clock, reset or region by name'],
});
