/**
 * The nodes dtc generates after its checks: `/__symbols__` for `-@` (generate_label_tree), and
 * `/__fixups__` + `/__local_fixups__` for overlays (generate_fixups_tree, generate_local_fixups_tree).
 */
import type { Diagnostic } from './diagnostic.js';
import type { Location } from './location.js';
import {
  appendChild,
  appendProp,
  computePath,
  forEachLive,
  liveChild,
  liveProp,
  newNode,
  type LiveNode,
  type LiveProp,
} from './live.js';
import type { Phandles } from './phandles.js';
import type { LiveTree } from './merge.js';
import type { ResolvedReference, ValueChunk } from './tree.js';

function rootChild(root: LiveNode, name: string): LiveNode {
  const existing = liveChild(root, name);
  if (existing) return existing;
  const at = root.nameAt;
  const node = newNode(name, at, [at]);
  node.generated = true;
  appendChild(root, node);
  return node;
}

function generatedProp(name: string, value: ValueChunk[], at: Location): LiveProp {
  return { name, nameAt: at, at, labels: [], value, valueLabels: [], deleted: false, overridden: [], generated: true };
}

/**
 * dtc -@: one string property per live node label, holding the node's path, in pre-order and
 * dtc's label order; every labelled node gets a phandle.
 */
export function generateSymbols(root: LiveNode, phandles: Phandles, out: Diagnostic[]): void {
  let any = false;
  forEachLive(root, (n) => {
    if (n.labels.length > 0) any = true;
  });
  if (!any) return;
  const symbols = rootChild(root, '__symbols__');
  forEachLive(root, (node) => {
    // dtc tests the label list itself, so a node whose labels were all deleted still gets a phandle.
    if (node.labels.length === 0) return;
    for (let lIndex = 0; lIndex < node.labels.length; lIndex++) {
      const l = node.labels[lIndex]!;
      if (l.deleted) continue;
      const existing = liveProp(symbols, l.name);
      if (existing) {
        // A label on two nodes is already a duplicate_label error; warn (as dtc does) only
        // when the name clashes with a __symbols__ property written in the source.
        if (!existing.generated)
          out.push({ code: 'duplicate-symbol', severity: 'warning', message: `label ${l.name} already exists in /__symbols__`, at: l.at });
        continue;
      }
      const path = node.fullpath ?? computePath(node);
      appendProp(symbols, generatedProp(l.name, [{ kind: 'string', value: path, at: l.at }], l.at));
    }
    phandles.phandleOf(node);
  });
}

interface RefSite {
  node: LiveNode;
  prop: LiveProp;
  ref: ResolvedReference;
  /** Byte offset of the cell in the property's value. */
  offset: number;
}

function phandleRefSites(root: LiveNode): RefSite[] {
  const sites: RefSite[] = [];
  forEachLive(root, (node) => {
    for (let propIndex = 0; propIndex < node.props.length; propIndex++) {
      const prop = node.props[propIndex]!;
      if (prop.deleted) continue;
      let offset = 0;
      for (let chunkIndex = 0; chunkIndex < prop.value.length; chunkIndex++) {
        const chunk = prop.value[chunkIndex]!;
        if (chunk.kind === 'cells') {
          for (let cellIndex = 0; cellIndex < chunk.cells.length; cellIndex++) {
            const cell = chunk.cells[cellIndex]!;
            if (cell.ref && chunk.bits === 32) sites.push({ node, prop, ref: cell.ref, offset });
            offset += chunk.bits / 8;
          }
        } else if (chunk.kind === 'bytes') offset += chunk.bytes.length;
        else if (chunk.kind === 'string') offset += chunk.value.length + 1;
        else offset += chunk.path === '' ? 0 : chunk.path.length + 1;
      }
    }
  });
  return sites;
}

/** Appends bytes to a property of a generated node, creating it if needed (dtc's append_to_property). */
function appendTo(node: LiveNode, name: string, chunk: ValueChunk): void {
  const prop = liveProp(node, name);
  // A new array: a property written empty shares one (definition.ts).
  if (prop) prop.value = [...prop.value, chunk];
  else appendProp(node, generatedProp(name, [chunk], chunk.at));
}

/** Overlays: where unresolved phandles sit (__fixups__) and where resolved ones do (__local_fixups__). */
export function generateFixups(tree: LiveTree): void {
  const root = tree.root;
  const pending = phandleRefSites(root).map((s) => ({ ...s, resolved: tree.findByRef(s.ref) !== undefined }));
  if (pending.some((s) => !s.resolved)) {
    const fixups = rootChild(root, '__fixups__');
    for (let sIndex = 0; sIndex < pending.length; sIndex++) {
      const s = pending[sIndex]!;
      if (s.resolved) continue;
      const entry = `${s.node.fullpath ?? computePath(s.node)}:${s.prop.name}:${s.offset}`;
      appendTo(fixups, s.ref.label ?? s.ref.path ?? '', { kind: 'string', value: entry, at: s.ref.at });
    }
  }
  if (pending.some((s) => s.resolved)) {
    const local = rootChild(root, '__local_fixups__');
    for (let sIndex = 0; sIndex < pending.length; sIndex++) {
      const s = pending[sIndex]!;
      if (!s.resolved) continue;
      let at = local;
      for (const name of ancestorNames(s.node)) at = liveChild(at, name) ?? makeChild(at, name);
      appendTo(at, s.prop.name, { kind: 'cells', bits: 32, cells: [{ value: BigInt(s.offset), at: s.ref.at }], at: s.ref.at });
    }
  }
}

function makeChild(parent: LiveNode, name: string): LiveNode {
  const node = newNode(name, parent.nameAt, [parent.nameAt]);
  node.generated = true;
  appendChild(parent, node);
  return node;
}

function ancestorNames(node: LiveNode): string[] {
  const names: string[] = [];
  for (let n: LiveNode | null = node; n?.parent; n = n.parent) names.unshift(n.name);
  return names;
}
