/**
 * dtc's reference fixups, in its check order: explicit_phandles, phandle_references (phandles
 * assigned in pre-order of the referencing properties, from a counter that starts at 1 and
 * skips numbers in use), path_references, omit_unused_nodes.
 */
import type { Diagnostic } from './diagnostic.js';
import type { Location } from './location.js';
import { appendProp, deleteNode, forEachLive, isLive, liveProp, type LiveNode, type LiveProp } from './live.js';
import type { LiveTree } from './merge.js';
import type { ResolvedReference } from './tree.js';
import { encodeValue } from './value.js';

export class Phandles {
  private readonly byNumber = new Map<number, LiveNode>();
  private next = 1;
  /**
   * Each resolved reference and what it points at, in resolution order (side by side: no Map to
   * grow); the tree's `target`s are filled from them at the end.
   */
  readonly references: ResolvedReference[] = [];
  readonly targets: LiveNode[] = [];
  /** lookup's memory for the current fixup pass. */
  private readonly lookups = new Map<string, LiveNode | undefined>();

  constructor(private readonly tree: LiveTree) {}

  /** dtc's get_node_by_phandle: only nodes its walk still reaches count. */
  owner(phandle: number): LiveNode | undefined {
    const n = this.byNumber.get(phandle);
    return n && isLive(n) ? n : undefined;
  }

  /** dtc's check_explicit_phandles over the tree. */
  readExplicit(out: Diagnostic[]): void {
    forEachLive(this.tree.root, (node) => {
      const phandle = this.explicitValue(node, 'phandle', out);
      const legacy = this.explicitValue(node, 'linux,phandle', out);
      if (!phandle.value && !legacy.value) return;
      const at = (phandle.prop ?? legacy.prop)!.at;
      if (phandle.value && legacy.value && phandle.value !== legacy.value)
        out.push(err('explicit_phandles', `${node.fullpath}: mismatching 'phandle' and 'linux,phandle' properties`, at));
      const value = phandle.value || legacy.value;
      const other = this.owner(value);
      if (other && other !== node) {
        out.push(
          err('explicit_phandles', `${node.fullpath}: duplicated phandle 0x${value.toString(16)} (seen before at ${other.fullpath})`, at),
        );
        return;
      }
      node.phandle = value;
      this.byNumber.set(value, node);
    });
  }

  private explicitValue(node: LiveNode, name: string, out: Diagnostic[]): { prop?: LiveProp; value: number } {
    const prop = liveProp(node, name);
    if (!prop) return { value: 0 };
    const bytes = encodeValue(prop.value);
    if (bytes.length !== 4) {
      out.push(err('explicit_phandles', `${node.fullpath}:${name}: bad length (${bytes.length}) ${name} property`, prop.at));
      return { prop, value: 0 };
    }
    const ref = firstRefCell(prop);
    if (ref) {
      // `phandle = <&self>` asks for a phandle to be allocated; any other target is nonsense.
      if (this.tree.findByRef(ref) !== node)
        out.push(err('explicit_phandles', `${node.fullpath}: ${name} is a reference to another node`, ref.at));
      return { prop, value: 0 };
    }
    const value = new DataView(bytes.buffer).getUint32(0);
    if (value === 0 || value === 0xffffffff) {
      out.push(err('explicit_phandles', `${node.fullpath}:${name}: bad value (0x${value.toString(16)}) in ${name} property`, prop.at));
      return { prop, value: 0 };
    }
    return { prop, value };
  }

  /** dtc's get_node_phandle: the node's phandle, allocating one (and a `phandle` property) if needed. */
  phandleOf(node: LiveNode): number {
    if (node.phandle !== 0 && node.phandle !== 0xffffffff) return node.phandle;
    while (this.owner(this.next)) this.next++;
    const value = this.next;
    node.phandle = value;
    this.byNumber.set(value, node);
    if (!liveProp(node, 'phandle')) {
      const at = node.nameAt;
      appendProp(node, {
        name: 'phandle',
        nameAt: at,
        at,
        labels: [],
        value: [{ kind: 'cells', bits: 32, cells: [{ value: BigInt(value), at }], at }],
        valueLabels: [],
        deleted: false,
        overridden: [],
        generated: true,
      });
    }
    return value;
  }

  /** dtc's fixup_phandle_references: `<&x>` cells get x's phandle, in pre-order. */
  fixPhandleReferences(plugin: boolean, out: Diagnostic[]): void {
    this.lookups.clear();
    forEachLive(this.tree.root, (node) => {
      for (let propIndex = 0; propIndex < node.props.length; propIndex++) {
        const prop = node.props[propIndex]!;
        if (prop.deleted) continue;
        for (let chunkIndex = 0; chunkIndex < prop.value.length; chunkIndex++) {
          const chunk = prop.value[chunkIndex]!;
          // dtc only marks references in 32-bit arrays (others are a parse error).
          if (chunk.kind !== 'cells' || chunk.bits !== 32) continue;
          for (let cellIndex = 0; cellIndex < chunk.cells.length; cellIndex++) {
            const cell = chunk.cells[cellIndex]!;
            if (!cell.ref) continue;
            const target = this.lookup(cell.ref);
            if (!target) {
              if (!plugin) out.push(unresolved(cell.ref));
              continue;
            }
            this.resolved(cell.ref, target);
            cell.value = BigInt(this.phandleOf(target));
            target.referenced = true;
          }
        }
      }
    });
  }

  /**
   * findByRef, once per label or path within a fixup pass: a pass adds `phandle` properties and
   * nothing else, so no node, label or deletion changes what a reference finds.
   */
  private lookup(ref: ResolvedReference): LiveNode | undefined {
    // Paths are written `&{/...}`; a label never holds a '/'.
    const key = ref.path ?? ref.label;
    if (key === undefined) return undefined;
    if (this.lookups.has(key)) return this.lookups.get(key);
    const target = this.tree.findByRef(ref);
    this.lookups.set(key, target);
    return target;
  }

  private resolved(ref: ResolvedReference, target: LiveNode): void {
    this.references.push(ref);
    this.targets.push(target);
  }

  /** dtc's fixup_path_references: `&x` outside `< >` becomes x's full path. */
  fixPathReferences(out: Diagnostic[]): void {
    this.lookups.clear();
    forEachLive(this.tree.root, (node) => {
      for (let propIndex = 0; propIndex < node.props.length; propIndex++) {
        const prop = node.props[propIndex]!;
        if (prop.deleted) continue;
        for (let chunkIndex = 0; chunkIndex < prop.value.length; chunkIndex++) {
          const chunk = prop.value[chunkIndex]!;
          if (chunk.kind !== 'pathRef') continue;
          const target = this.lookup(chunk.ref);
          if (!target) {
            out.push(unresolved(chunk.ref));
            continue;
          }
          this.resolved(chunk.ref, target);
          chunk.path = target.fullpath ?? '';
          target.referenced = true;
        }
      }
    });
  }
}

/**
 * dtc's omit_unused_nodes: `/omit-if-no-ref/` nodes nothing references are deleted; with -@ a
 * node that has any label (even a deleted one) is kept.
 */
export function omitUnusedNodes(root: LiveNode, symbols: boolean): void {
  forEachLive(root, (node) => {
    if (symbols && node.labels.length > 0) return;
    if (node.omitIfUnused && !node.referenced) deleteNode(node);
  });
}

function firstRefCell(prop: LiveProp): ResolvedReference | undefined {
  for (let chunkIndex = 0; chunkIndex < prop.value.length; chunkIndex++) {
    const chunk = prop.value[chunkIndex]!;
    if (chunk.kind === 'cells') for (const c of chunk.cells) if (c.ref) return c.ref;
  }
  return undefined;
}

export function unresolved(ref: ResolvedReference): Diagnostic {
  const name = ref.path ?? ref.label ?? '';
  return { code: 'unresolved-reference', severity: 'error', message: `Label or path ${name} not found`, at: ref.at };
}

function err(code: string, message: string, at: Location): Diagnostic {
  return { code, severity: 'error', message, at };
}
