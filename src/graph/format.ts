/**
 * Output of `dtlint deps`: a closure as an indented text tree (each node once, under the node that
 * brought it in, with the properties that did), as JSON, or as a Graphviz digraph.
 */
import type { Location } from '../dts/location.js';
import type { Node } from '../dts/tree.js';
import { type Closure, type ClosureMember } from './closure.js';
import type { DependencyEdge } from './edges.js';
import { isEnabled, nodePath } from '../dts/query.js';
import { type DependencyGraph, pathOf, sortedEdgeKeys } from './graph.js';

/** `fec1 (/bus@5b000000/ethernet@5b040000)`, or the bare path for a node without a label. */
export function displayNode(node: Node, path: string = nodePath(node)): string {
  const label = node.labels[0]?.name;
  return (label ? `${label} (${path})` : path) + (isEnabled(node) ? '' : ' [disabled]');
}

/** `clocks[0-2,4], power-domains[0], parent`: the edges between one pair of nodes, grouped by property. */
export function describeEdges(edges: readonly DependencyEdge[]): string {
  const groups = new Map<string, number[]>();
  for (const e of edges) {
    const key = e.binding.layout === 'parent' ? 'parent' : e.property;
    const list = groups.get(key) ?? [];
    if (!groups.has(key)) groups.set(key, list);
    list.push(e.index);
  }
  return [...groups].map(([prop, idx]) => (prop === 'parent' ? prop : `${prop}[${compactIndices(idx)}]`)).join(', ');
}

/** `0-2,4` */
export function compactIndices(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/**
 * Every edge among the closure's members that the closure walks, in member order then extraction
 * order: forward, each member's own dependencies; reverse, the edges into each member.
 */
export function closureEdges(dg: DependencyGraph, c: Closure, follow?: (e: DependencyEdge) => boolean): DependencyEdge[] {
  const out: DependencyEdge[] = [];
  for (const m of c.members) {
    const keys = c.reverse ? dg.graph.inEdges(m.path) : dg.graph.outEdges(m.path);
    for (const key of sortedEdgeKeys(keys)) {
      const e = dg.graph.getEdgeAttributes(key);
      if (follow && !follow(e)) continue;
      const other = c.reverse ? e.consumer : e.supplier;
      if (c.byPath.has(pathOf(dg, other))) out.push(e);
    }
  }
  return out;
}

/** The member that brought `m` in: the other end of the last edge of its chain. */
function previous(dg: DependencyGraph, c: Closure, m: ClosureMember): string | undefined {
  const last = m.via;
  if (!last) return undefined;
  return pathOf(dg, c.reverse ? last.supplier : last.consumer);
}

/** Edges grouped by the pair of members they join, keyed `from\0to` in the walking direction. */
function edgesByPair(dg: DependencyGraph, edges: readonly DependencyEdge[], c: Closure): Map<string, DependencyEdge[]> {
  const pairs = new Map<string, DependencyEdge[]>();
  for (const e of edges) {
    const [a, b] = c.reverse ? [e.supplier, e.consumer] : [e.consumer, e.supplier];
    const key = `${pathOf(dg, a)}\0${pathOf(dg, b)}`;
    const list = pairs.get(key) ?? [];
    if (!pairs.has(key)) pairs.set(key, list);
    list.push(e);
  }
  return pairs;
}

/**
 * Levels drawn under one another in the text tree. A member this deep with members of its own ends
 * its line with "(continued below)", and its subtree follows as a block of its own after the tree:
 * indenting a long chain all the way made the output grow with the square of its length (a
 * 160,000-node chain: gigabytes of guide lines).
 */
export const MAX_TEXT_DEPTH = 32;

export function formatText(dg: DependencyGraph, c: Closure, follow?: (e: DependencyEdge) => boolean): string {
  const pairs = edgesByPair(dg, closureEdges(dg, c, follow), c);
  const children = new Map<string, ClosureMember[]>();
  for (const m of c.members) {
    const prev = previous(dg, c, m);
    if (prev === undefined) continue;
    const list = children.get(prev) ?? [];
    if (!children.has(prev)) children.set(prev, list);
    list.push(m);
  }
  const lines: string[] = [];
  // Members whose subtree starts a block of its own (see MAX_TEXT_DEPTH), in the order they were cut.
  const continued: ClosureMember[] = [];
  // Depth first with a stack of its own: a chain thousands of nodes long is no deeper for the call stack.
  const visit = (root: ClosureMember): void => {
    const stack: { parent: ClosureMember; kid: ClosureMember; last: boolean; prefix: string; depth: number }[] = [];
    const pushKids = (m: ClosureMember, prefix: string, depth: number): void => {
      const kids = children.get(m.path) ?? [];
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ parent: m, kid: kids[i]!, last: i === kids.length - 1, prefix, depth });
    };
    pushKids(root, '', 1);
    while (stack.length > 0) {
      const { parent, kid: k, last, prefix, depth } = stack.pop()!;
      const via = describeEdges(pairs.get(`${parent.path}\0${k.path}`) ?? []);
      const text = c.reverse ? `${displayNode(k.node, k.path)} via ${via}` : `via ${via} -> ${displayNode(k.node, k.path)}`;
      const cut = depth >= MAX_TEXT_DEPTH && children.has(k.path);
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${text}${cut ? ' (continued below)' : ''}`);
      if (cut) continued.push(k);
      else pushKids(k, prefix + (last ? '   ' : '│  '), depth + 1);
    }
  };
  for (const m of c.members) {
    if (m.via) continue;
    lines.push(displayNode(m.node, m.path));
    visit(m);
  }
  for (let i = 0; i < continued.length; i++) {
    const m = continued[i]!;
    lines.push('', `${displayNode(m.node, m.path)} (continued)`);
    visit(m);
  }
  const n = c.members.length - c.starts.length;
  const what = c.reverse ? (n === 1 ? 'node depends on it' : 'nodes depend on it') : n === 1 ? 'dependency' : 'dependencies';
  lines.push('', `${n} ${what}`);
  return lines.join('\n') + '\n';
}

export interface EdgeJson {
  consumer: string;
  supplier: string;
  property: string;
  index: number;
  args: number[];
  binding: string;
  devlink: string;
  raw?: true;
  holder?: string;
  at: Location;
}

export function edgeToJson(e: DependencyEdge, path: (n: Node) => string = nodePath): EdgeJson {
  const out: EdgeJson = {
    consumer: path(e.consumer),
    supplier: path(e.supplier),
    property: e.property,
    index: e.index,
    args: e.args,
    binding: e.binding.id,
    devlink: e.binding.devlink,
    at: e.at,
  };
  if (e.raw) out.raw = true;
  if (e.holder) out.holder = path(e.holder);
  return out;
}

export function closureToJson(dg: DependencyGraph, c: Closure, follow?: (e: DependencyEdge) => boolean): unknown {
  const path = (n: Node): string => pathOf(dg, n);
  return {
    direction: c.reverse ? 'dependents' : 'dependencies',
    starts: c.starts.map(path),
    members: c.members.map((m) => ({
      path: m.path,
      labels: m.node.labels.map((l) => l.name),
      enabled: isEnabled(m.node),
      // The edge that brought the member in and where from; following `from` gives the chain (a
      // whole chain per member made the output grow with the square of a chain's length).
      from: m.from ? m.from.path : null,
      via: m.via ? edgeToJson(m.via, path) : null,
    })),
    edges: closureEdges(dg, c, follow).map((e) => edgeToJson(e, path)),
  };
}

export function formatJson(dg: DependencyGraph, c: Closure, follow?: (e: DependencyEdge) => boolean): string {
  return JSON.stringify(closureToJson(dg, c, follow), null, 2) + '\n';
}

/** A Graphviz ID: always quoted, so any node name is safe. */
function dotId(s: string): string {
  return `"${escapeDot(s)}"`;
}

function escapeDot(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** A quoted label of several lines (`\\n` is Graphviz's centred line break). */
function dotLines(...lines: string[]): string {
  return `"${lines.map(escapeDot).join('\\n')}"`;
}

export function formatDot(dg: DependencyGraph, c: Closure, follow?: (e: DependencyEdge) => boolean): string {
  const lines = [`digraph ${dotId(c.reverse ? 'dependents' : 'dependencies')} {`, '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  const path = (n: Node): string => pathOf(dg, n);
  const starts = new Set(c.starts.map(path));
  for (const m of c.members) {
    const label = m.node.labels[0]?.name;
    const attrs = [`label=${label ? dotLines(label, m.path) : dotLines(m.path)}`];
    if (starts.has(m.path)) attrs.push('style=bold');
    else if (!isEnabled(m.node)) attrs.push('style=dashed');
    lines.push(`  ${dotId(m.path)} [${attrs.join(', ')}];`);
  }
  // One arrow per consumer/supplier pair, labelled with every property entry between them.
  const pairs = new Map<string, DependencyEdge[]>();
  for (const e of closureEdges(dg, c, follow)) {
    const key = `${path(e.consumer)}\0${path(e.supplier)}`;
    const list = pairs.get(key) ?? [];
    if (!pairs.has(key)) pairs.set(key, list);
    list.push(e);
  }
  for (const list of pairs.values()) {
    const e = list[0]!;
    const attrs = [`label=${dotId(describeEdges(list))}`];
    if (list.every((x) => x.binding.layout === 'parent')) attrs.push('style=dotted');
    lines.push(`  ${dotId(path(e.consumer))} -> ${dotId(path(e.supplier))} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
