/** chosen_node_is_root (dtc): a node named `chosen` that is not a child of the root. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

const messages = { notAtRoot: 'chosen node must be at root node' } as const;

/** dtc's check_chosen_node_is_root: `WARNING(chosen_node_is_root, check_chosen_node_is_root, NULL)`. */
export const chosenNodeIsRoot = dtcCheck({
  name: 'chosen_node_is_root',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      if (node.name === 'chosen' && node.parent !== tree.root) out.push({ node, messageId: 'notAtRoot' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: chosenNodeIsRoot,
  summary: 'dtc: a chosen node is not at the root',
  w1Only: false,
  symptoms: ['Linux reads only /chosen or /chosen@0 (of_alias_scan, early_init_dt_scan_chosen): the boot arguments and console in it are ignored'],
});
