/**
 * Finds the node a user means: by label (`fec1`, `&fec1`), full path (`/bus@5b000000/ethernet@5b040000`,
 * `&{/...}`), alias (`ethernet0`), the sysfs device name Linux gives it (`5b040000.ethernet`), or a
 * node name that occurs once in the tree.
 */
import { findNodeByLabel, findNodeByPath, getProperty, nodeIndex, nodePath, propertyStrings, walk } from '../dts/query.js';
import type { Node, Tree } from '../dts/tree.js';
import { firstRegTranslator, sysfsName } from './address.js';

export type NodeQuery =
  | { ok: true; node: Node; how: 'label' | 'path' | 'alias' | 'sysfs' | 'name' }
  | { ok: false; message: string };

export function resolveNode(tree: Tree, query: string): NodeQuery {
  let q = query.trim();
  if (q.startsWith('&{') && q.endsWith('}')) q = q.slice(2, -1);
  else if (q.startsWith('&')) q = q.slice(1);
  if (q === '') return { ok: false, message: 'empty node name' };

  if (q.startsWith('/')) {
    const node = findNodeByPath(tree, q);
    return node ? { ok: true, node, how: 'path' } : { ok: false, message: `no node at path ${q}` };
  }

  const byLabel = findNodeByLabel(tree, q);
  if (byLabel) return { ok: true, node: byLabel, how: 'label' };

  const aliasPath = aliasTarget(tree, q);
  const byAlias = aliasPath?.startsWith('/') ? findNodeByPath(tree, aliasPath) : undefined;
  if (byAlias) return { ok: true, node: byAlias, how: 'alias' };

  const bySysfs = nodesBySysfsName(tree).get(q) ?? [];
  if (bySysfs.length === 1) return { ok: true, node: bySysfs[0]!, how: 'sysfs' };
  if (bySysfs.length > 1) return { ok: false, message: `sysfs name ${q} is ambiguous: ${bySysfs.map(nodePath).join(', ')}` };

  const byName = matching(tree, (n) => n.parent !== null && n.name === q);
  if (byName.length === 1) return { ok: true, node: byName[0]!, how: 'name' };
  if (byName.length > 1) return { ok: false, message: `node name ${q} is ambiguous: ${byName.map(nodePath).join(', ')}` };

  return { ok: false, message: `no node ${q}: not a label, path, alias or sysfs name in this tree` };
}

/** A path below `root` (query.ts's findNodeByPath, for callers that hold a node rather than a tree). */
export function findByPath(root: Node, path: string): Node | undefined {
  return findNodeByPath({ root, memreserves: [], plugin: false, files: [] }, path);
}

function aliasTarget(tree: Tree, alias: string): string | undefined {
  const aliases = tree.root.children.find((c) => c.name === 'aliases');
  const prop = aliases ? getProperty(aliases, alias) : undefined;
  return prop ? propertyStrings(prop)?.[0] : undefined;
}

const SYSFS_NAMES = Symbol('nodes by sysfs name');

/** Every node but the root by its sysfs name, in tree order: made once per tree (a QEMU line names several). */
function nodesBySysfsName(tree: Tree): ReadonlyMap<string, readonly Node[]> {
  const translate = firstRegTranslator(tree);
  return nodeIndex(tree, SYSFS_NAMES, (n) => (n.parent === null ? [] : [sysfsName(n, translate)]));
}

function matching(tree: Tree, test: (n: Node) => boolean): Node[] {
  const out: Node[] = [];
  walk(tree, (n) => {
    if (test(n)) out.push(n);
  });
  return out;
}
