/** chosen_node_stdout_path (dtc): a chosen node's `stdout-path` that is not one string, or the old `linux,stdout-path`. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, isOneString } from './support/dtc.js';

const messages = {
  useStdoutPath: "Use 'stdout-path' instead",
  notString: 'property is not a string',
} as const;

/** dtc's check_chosen_node_stdout_path: `WARNING(chosen_node_stdout_path, check_chosen_node_stdout_path, NULL)`. */
export const chosenNodeStdoutPath = dtcCheck({
  name: 'chosen_node_stdout_path',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (node.name !== 'chosen') return;
      let prop = getProperty(node, 'stdout-path');
      if (!prop) {
        prop = getProperty(node, 'linux,stdout-path');
        if (!prop) return;
        out.push({ node, prop, messageId: 'useStdoutPath' });
      }
      if (!isOneString(prop)) out.push({ node, prop, messageId: 'notString' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: chosenNodeStdoutPath,
  summary: "dtc: /chosen stdout-path is not one string, or is the old linux,stdout-path",
  w1Only: false,
  symptoms: ['of_property_read_string() refuses a value that is not a string (of_alias_scan): the console named there is not chosen'],
});
