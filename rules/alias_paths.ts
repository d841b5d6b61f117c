/** alias_paths (dtc, kernel W=1): an alias that is no node's path, or an alias name with other than lowercase, digits and '-'. */
import type { Node, Tree } from '../src/dts/tree.js';
import { byteLength, cString, defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';

const messages = {
  notNode: 'aliases property is not a valid node ({{value}})',
  badName: "aliases property name must include only lowercase and '-'",
} as const;

/** dtc's get_node_by_path: each component is a child's whole name (no match by base name, unlike libfdt). */
function nodeByPath(tree: Tree, path: string): Node | undefined {
  let node = tree.root;
  let rest = path;
  for (;;) {
    if (rest === '') return node;
    rest = rest.replace(/^\/+/, '');
    const slash = rest.indexOf('/');
    const part = slash === -1 ? rest : rest.slice(0, slash);
    const child = node.children.find((c) => c.name === part);
    if (!child) return undefined;
    if (slash === -1) return child;
    node = child;
    rest = rest.slice(slash + 1);
  }
}

/** dtc's check_alias_paths: `WARNING(alias_paths, check_alias_paths, NULL)`, no prerequisite. */
export const aliasPaths = dtcCheck({
  name: 'alias_paths',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      // Any node named exactly `aliases`, wherever it is, as dtc does.
      if (node.name !== 'aliases') return;
      for (const prop of node.properties) {
        if (prop.name === 'phandle' || prop.name === 'linux,phandle') continue;
        // dtc's prop->val.val is NULL for an empty value.
        const value = byteLength(prop) === 0 ? undefined : cString(prop);
        if (value === undefined || !nodeByPath(tree, value)) {
          out.push({ node, prop, messageId: 'notNode', data: { value: value ?? '(null)' } });
          continue;
        }
        // dtc names the node, once per bad name: each points at its alias.
        if (!/^[a-z0-9-]*$/.test(prop.name)) out.push({ node, messageId: 'badName', at: prop.nameAt });
      }
    });
    return out;
  },
});

export default defineDtcCheck({
  check: aliasPaths,
  summary: "dtc (W=1): an alias that is not a node's full path, or an alias name with characters other than lowercase, digits and '-'",
  w1Only: true,
  symptoms: ['of_alias_get_id finds no alias: the device gets a different index (serial1 instead of serial0, mmcblk numbering)'],
});
