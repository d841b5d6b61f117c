/** chosen_node_bootargs (dtc): a chosen node's `bootargs` that is not one string. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, isOneString } from './support/dtc.js';

const messages = { notString: 'property is not a string' } as const;

/** dtc's check_chosen_node_bootargs: `WARNING(chosen_node_bootargs, check_chosen_node_bootargs, NULL)` (check_is_string). */
export const chosenNodeBootargs = dtcCheck({
  name: 'chosen_node_bootargs',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (node.name !== 'chosen') return;
      const prop = getProperty(node, 'bootargs');
      if (prop && !isOneString(prop)) out.push({ node, prop, messageId: 'notString' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: chosenNodeBootargs,
  summary: 'dtc: /chosen bootargs is not one string',
  w1Only: false,
  symptoms: ['Linux copies it as one C string (early_init_dt_scan_chosen): the command line stops at the first NUL'],
});
