/**
 * The tree builder: folds the parsed top-level items into one tree exactly as dtc 1.6.1 does
 * (merges, deletions that keep a revivable placeholder, parse-time `&ref { }` lookups), then
 * runs dtc's fixups in its order (structural checks, explicit phandles, phandle and path
 * references, /omit-if-no-ref/, -@ symbols, overlay fixups) and returns the Tree.
 */
import type { DtsFileAst, Label, NodeAst, Reference, TopItemAst } from './ast.js';
import { NO_LABELS, nodeFromAst, type DefinitionContext } from './definition.js';
import type { Diagnostic } from './diagnostic.js';
import { joinPath, liveProp, newNode, appendChild, appendProp, forEachLive, type LiveLabel, type LiveNode, type LiveProp } from './live.js';
import type { Location } from './location.js';
import { findByPath, LiveTree } from './merge.js';
import { omitUnusedNodes, Phandles, unresolved } from './phandles.js';
import { referenceText } from './query.js';
import { SourceHost } from './source.js';
import { checkDuplicateLabels, checkDuplicateNames, checkNameProperties } from './structure-checks.js';
import { generateFixups, generateSymbols } from './symbols.js';
import type { Deletion, MemReserve, Node, Property, Tree } from './tree.js';
import { encodeValue } from './value.js';

export interface BuildOptions {
  /** dtc -@: add /__symbols__ (and give every labelled node a phandle). */
  symbols?: boolean;
  /** Where /incbin/ files are read (cached, overridable in tests). */
  host?: SourceHost;
  /** dtc's -i dirs, searched by /incbin/ after the including file's directory. */
  includeDirs?: string[];
  /**
   * A prefix (prefix.ts): go on from the builder state `restore` kept (the items are then those
   * after the prefix), or hand `keep` the state after the first `take` items, when it is clean;
   * or build `items` first, a prefix's items parsed for another file (store/prefix-share.ts).
   */
  prefix?: { restore?: BuilderState; take?: number; keep?: (state: BuilderState) => void; items?: readonly TopItemAst[] };
}

/**
 * The tree builder's state between two top-level items: what a run that resumes after a prefix of
 * the items starts from (the prefix store encodes it, store/live-codec.ts).
 */
export interface BuilderState {
  root: LiveNode | undefined;
  /** The label index in insertion order: each label and the nodes that carry or carried it. */
  labelIndex: Map<string, LiveNode[]>;
  deletions: Deletion[];
  memreserves: MemReserve[];
  files: string[];
}

export interface BuildResult {
  tree: Tree;
  diagnostics: Diagnostic[];
}

const NOWHERE: Location = { file: '', line: 1, column: 1, endLine: 1, endColumn: 1 };

export function buildTree(ast: DtsFileAst, options: BuildOptions = {}): BuildResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: DefinitionContext = {
    host: options.host ?? new SourceHost(),
    includeDirs: options.includeDirs ?? [],
    diagnostics,
    files: [],
  };
  const prefix = options.prefix;
  const state = prefix?.restore ? TopLevel.restored(ctx, prefix.restore) : new TopLevel(ctx);
  const take = prefix?.keep && !prefix.restore ? (prefix.take ?? -1) : -1;
  const shared = prefix?.items;
  if (shared) for (let itemIndex = 0; itemIndex < shared.length; itemIndex++) state.add(shared[itemIndex]!);
  for (let itemIndex = 0; itemIndex < ast.items.length; itemIndex++) {
    const item = ast.items[itemIndex]!;
    state.add(item);
    // The state is handed over now: the items after the prefix change the tree.
    if (itemIndex + 1 === take && diagnostics.length === 0 && ctx.files.length === 0 && state.clean()) prefix!.keep!(state.state());
  }
  const tree = state.tree ?? new LiveTree(newNode('', NOWHERE, [NOWHERE]));
  const root = tree.root;

  // The rest runs on the tree as the parser leaves it, in dtc's order (dtc.c main, checks.c).
  const bootCpuid = guessBootCpuid(root);
  forEachLive(root, (n) => {
    n.fullpath = n.parent ? joinPath(n.parent.fullpath ?? '', n.name) : '/';
  });
  checkDuplicateNames(root, diagnostics);
  checkNameProperties(root, diagnostics);
  checkDuplicateLabels(root, diagnostics);
  const phandles = new Phandles(tree);
  phandles.readExplicit(diagnostics);
  phandles.fixPhandleReferences(state.plugin, diagnostics);
  phandles.fixPathReferences(diagnostics);
  omitUnusedNodes(root, options.symbols === true);
  if (options.symbols) generateSymbols(root, phandles, diagnostics);
  if (state.plugin) generateFixups(tree);

  const out: Tree = {
    root: toNode(root, null),
    memreserves: state.memreserves,
    plugin: state.plugin,
    files: [...new Set([...state.files, ...ctx.files])],
    bootCpuid,
    deletions: tree.deletions,
  };
  phandles.targets.forEach((target, i) => {
    // Unset for a node that did not make it into the tree (omitted, deleted).
    const node = target.built;
    if (node) phandles.references[i]!.target = node;
  });
  return { tree: out, diagnostics };
}

/** The top-level items as dtc's grammar folds them, one at a time, against the tree so far. */
class TopLevel {
  tree: LiveTree | undefined;
  plugin = false;
  readonly memreserves: MemReserve[] = [];
  readonly files: string[] = [];
  private orphans = 0;

  constructor(private readonly ctx: DefinitionContext) {}

  /** The state a prefix store kept (live-codec.ts). */
  static restored(ctx: DefinitionContext, s: BuilderState): TopLevel {
    const top = new TopLevel(ctx);
    if (s.root) top.tree = new LiveTree(s.root, { labelIndex: s.labelIndex, deletions: s.deletions });
    for (let i = 0; i < s.memreserves.length; i++) top.memreserves.push(s.memreserves[i]!);
    for (let i = 0; i < s.files.length; i++) top.files.push(s.files[i]!);
    return top;
  }

  /** No plugin (its fragments and orphans stay out of a kept state). */
  clean(): boolean {
    return !this.plugin && this.orphans === 0;
  }

  state(): BuilderState {
    return {
      root: this.tree?.root,
      labelIndex: this.tree ? this.tree.labels() : new Map(),
      deletions: this.tree ? this.tree.deletions : [],
      memreserves: this.memreserves,
      files: this.files,
    };
  }

  add(item: TopItemAst): void {
    if (!this.files.includes(item.at.file)) this.files.push(item.at.file);
    switch (item.kind) {
      case 'version':
        return;
      case 'plugin':
        this.plugin = true;
        return;
      case 'memreserve':
        this.memreserves.push({ address: item.address, size: item.size, labels: item.labels, at: item.at });
        return;
      case 'root': {
        const fresh = this.definition(item.node, item.at);
        fresh.name = '';
        if (this.tree) this.tree.merge(this.tree.root, fresh);
        else this.tree = new LiveTree(fresh);
        return;
      }
      case 'refNode':
        return this.refNode(item);
      case 'deleteNode': {
        const target = this.find(item.ref);
        if (target) this.tree!.deleteByRef(target, referenceText(item.ref), item.at);
        return;
      }
      case 'omitIfNoRef': {
        const target = this.find(item.ref);
        if (target) target.omitIfUnused = true;
        return;
      }
    }
  }

  private definition(node: NodeAst, at: Location): LiveNode {
    const fresh = nodeFromAst(node, this.ctx);
    fresh.definedAt = [at];
    return fresh;
  }

  /** dtc's get_node_by_ref at this point of the parse; unresolved is an error at the reference. */
  private find(ref: Reference): LiveNode | undefined {
    const target = this.tree?.findByRef(ref);
    if (!target) this.ctx.diagnostics.push(unresolved(ref));
    return target;
  }

  private refNode(item: Extract<TopItemAst, { kind: 'refNode' }>): void {
    const fresh = this.definition(item.node, item.at);
    if (!this.tree) {
      // A tree that starts with `&ref { }`: only an overlay may do that.
      this.tree = new LiveTree(newNode('', item.at, [item.at]));
      if (this.plugin) this.orphan(fresh, item.ref, item.at);
      else this.ctx.diagnostics.push(unresolved(item.ref));
      return;
    }
    // Overlays: `&{/path} { }` always becomes a fragment; `&label { }` when the label is not here.
    const labelled = item.labels.length > 0;
    if (this.plugin && !labelled && item.ref.path !== undefined) return this.orphan(fresh, item.ref, item.at);
    const target = this.tree.findByRef(item.ref);
    if (!target) {
      if (this.plugin && !labelled && item.ref.path === undefined) this.orphan(fresh, item.ref, item.at);
      else this.ctx.diagnostics.push(unresolved(item.ref));
      return;
    }
    for (let i = item.labels.length - 1; i >= 0; i--) this.tree.addNodeLabel(target, item.labels[i]!.name, item.labels[i]!.at);
    this.tree.merge(target, fresh);
  }

  /** dtc's add_orphan_node: `fragment@N { target = <&ref>; __overlay__ { ... }; }`. */
  private orphan(fresh: LiveNode, ref: Reference, at: Location): void {
    const tree = this.tree!;
    const fragment = newNode(`fragment@${this.orphans++}`, at, [at]);
    fragment.generated = true;
    const prop: LiveProp = {
      name: ref.path !== undefined ? 'target-path' : 'target',
      nameAt: ref.at,
      at: ref.at,
      labels: [],
      value:
        ref.path !== undefined
          ? [{ kind: 'string', value: ref.path, at: ref.at }]
          : [{ kind: 'cells', bits: 32, cells: [{ value: 0xffffffffn, ref: copyRef(ref), at: ref.at }], at: ref.at }],
      valueLabels: [],
      deleted: false,
      overridden: [],
      generated: true,
    };
    appendProp(fragment, prop);
    fresh.name = '__overlay__';
    appendChild(fragment, fresh);
    tree.attach(tree.root, fragment);
  }
}

/** dtc's guess_boot_cpuid: `reg` of the first child of /cpus (deleted or not), if one cell. */
function guessBootCpuid(root: LiveNode): number {
  const cpus = findByPath(root, '/cpus');
  const first = cpus?.children[0];
  const reg = first && liveProp(first, 'reg');
  if (!reg) return 0;
  const bytes = encodeValue(reg.value);
  return bytes.length === 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0) : 0;
}

function toNode(live: LiveNode, parent: Node | null): Node {
  // map sizes the arrays exactly (push would reserve spare slots the tree keeps). One literal per
  // shape: a phandle added afterwards would go to a property store of its own.
  const properties = alive(live.props).map(toProperty);
  const labels = liveLabels(live.labels);
  const node: Node =
    live.phandle !== 0
      ? { name: live.name, parent, children: NO_CHILDREN, properties, labels, definedAt: live.definedAt, omitIfNoRef: live.omitIfUnused, referenced: live.referenced, phandle: live.phandle }
      : { name: live.name, parent, children: NO_CHILDREN, properties, labels, definedAt: live.definedAt, omitIfNoRef: live.omitIfUnused, referenced: live.referenced };
  if (live.generated) node.generated = true;
  live.built = node;
  node.children = alive(live.children).map((c) => toNode(c, node));
  return node;
}

/** A node's children until they are made (replaced before anyone sees them). */
const NO_CHILDREN: readonly Node[] = Object.freeze([]);

/** The items not deleted (the list itself when none is, as nearly always). */
function alive<T extends { deleted: boolean }>(items: readonly T[]): readonly T[] {
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const item = items[itemIndex]!;
    if (item.deleted) return items.filter((i) => !i.deleted);
  }
  return items;
}

function toProperty(live: LiveProp): Property {
  // A live property has every field of a Property: it is the tree's own unless it has deleted
  // labels to drop (nearly never). No copy of each of a board's thousands of properties.
  if (alive(live.labels) === live.labels) return live;
  const prop: Property = {
    name: live.name,
    value: live.value,
    labels: liveLabels(live.labels),
    at: live.at,
    nameAt: live.nameAt,
    overridden: live.overridden,
  };
  if (live.generated) prop.generated = true;
  return prop;
}

/** The labels not deleted, as plain labels. */
function liveLabels(labels: readonly LiveLabel[]): readonly Label[] {
  return labels.length === 0 ? NO_LABELS : alive(labels).map((l) => ({ name: l.name, at: l.at }));
}

/** A reference of its own (a spread would drop the location of one read lazily: live-codec.ts). */
function copyRef(ref: Reference): Reference {
  const copy: Reference = { at: ref.at };
  if (ref.label !== undefined) copy.label = ref.label;
  if (ref.path !== undefined) copy.path = ref.path;
  return copy;
}
