/**
 * The structural checks dtc runs before it resolves references, with dtc's check names as
 * diagnostic codes and dtc's wording (after its `ERROR (check): ` prefix):
 * duplicate_node_names, duplicate_property_names, name_properties, duplicate_label.
 * name_properties also drops a `name` property equal to the node's base name, as dtc does.
 */
import type { Label } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import type { Location } from './location.js';
import { baseNameLength, computePath, firstProp, forEachLive, removeProp, type LiveNode, type LiveProp } from './live.js';
import { encodeValue } from './value.js';

function error(code: string, message: string, at: Location, related?: { message: string; at: Location }): Diagnostic {
  const d: Diagnostic = { code, severity: 'error', message, at };
  if (related) d.related = [related];
  return d;
}

function pathOf(node: LiveNode): string {
  return node.fullpath ?? computePath(node);
}

export function checkDuplicateNames(root: LiveNode, out: Diagnostic[]): void {
  forEachLive(root, (node) => {
    if (node.children.length > 1) checkChildNames(node, out);
    if (node.props.length > 1) checkPropertyNames(node, out);
  });
}

/** Up to this many siblings, duplicates are found by comparing pairs instead of building a map. */
const PAIRWISE_MAX = 16;

function checkChildNames(node: LiveNode, out: Diagnostic[]): void {
  // dtc compares each live child with every later sibling, deleted placeholders included.
  const children = node.children;
  const seen = children.length > PAIRWISE_MAX ? new Map<string, LiveNode>() : undefined;
  children.forEach((child, k) => {
    const first = seen ? seen.get(child.name) : firstLiveBefore(children, k);
    if (first) {
      out.push(
        error('duplicate_node_names', `${pathOf(child)}: Duplicate node name`, child.nameAt, {
          message: 'first defined here',
          at: first.nameAt,
        }),
      );
    } else if (!child.deleted) seen?.set(child.name, child);
  });
}

/** The first live sibling before `children[k]` with its name. */
function firstLiveBefore(children: LiveNode[], k: number): LiveNode | undefined {
  const name = children[k]!.name;
  for (let i = 0; i < k; i++) {
    const c = children[i]!;
    if (!c.deleted && c.name === name) return c;
  }
  return undefined;
}

function checkPropertyNames(node: LiveNode, out: Diagnostic[]): void {
  const repeated = repeatedNames(node.props);
  if (!repeated) return;
  // dtc reports the earlier property, once per later live duplicate: one diagnostic per pair.
  const props = node.props.filter((p) => !p.deleted);
  const copies = new Map<string, LiveProp[]>();
  for (const p of props) {
    if (!repeated.has(p.name)) continue;
    const list = copies.get(p.name);
    if (list) list.push(p);
    else copies.set(p.name, [p]);
  }
  const report = (p: LiveProp, later: LiveProp): void => {
    out.push(
      error('duplicate_property_names', `${pathOf(node)}:${p.name}: Duplicate property name`, p.nameAt, {
        message: 'defined again here',
        at: later.nameAt,
      }),
    );
  };
  const pairs: [LiveProp, LiveProp][] = [];
  for (const list of copies.values()) {
    if (list.length <= PAIRWISE_COPIES_MAX) {
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push([list[i]!, list[j]!]);
    } else {
      // Thousands of copies would make millions of pairs: each later copy is reported once, against the first.
      for (let j = 1; j < list.length; j++) pairs.push([list[0]!, list[j]!]);
    }
  }
  // dtc's order: by the earlier property, then the later one.
  const order = new Map(props.map((p, i) => [p, i]));
  pairs.sort((x, y) => order.get(x[0])! - order.get(y[0])! || order.get(x[1])! - order.get(y[1])!);
  for (const [p, later] of pairs) report(p, later);
}

/** Up to this many copies of one property name, every pair is reported as dtc does. */
const PAIRWISE_COPIES_MAX = 8;

/** Names that more than one live property carries, or undefined when there are none (nearly always). */
function repeatedNames(props: LiveProp[]): Set<string> | undefined {
  let repeated: Set<string> | undefined;
  if (props.length <= PAIRWISE_MAX) {
    for (let i = 0; i < props.length; i++) {
      const p = props[i]!;
      if (p.deleted) continue;
      for (let j = i + 1; j < props.length; j++) {
        const q = props[j]!;
        if (!q.deleted && q.name === p.name) (repeated ??= new Set()).add(p.name);
      }
    }
    return repeated;
  }
  const seen = new Set<string>();
  for (let pIndex = 0; pIndex < props.length; pIndex++) {
    const p = props[pIndex]!;
    if (p.deleted) continue;
    if (seen.has(p.name)) (repeated ??= new Set()).add(p.name);
    seen.add(p.name);
  }
  return repeated;
}

/** dtc's data_is_one_string. */
export function isOneString(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n > 0 && bytes[n - 1] === 0 && bytes.indexOf(0) === n - 1;
}

/**
 * dtc's name_properties: a correct `name` property is redundant and removed; a wrong one is an error.
 * Its prerequisite name_is_string (a `name` that is not one string; the rule of that name says it)
 * failing anywhere means it does not run at all, as dtc's run_check.
 */
export function checkNameProperties(root: LiveNode, out: Diagnostic[]): void {
  let strings = true;
  forEachLive(root, (node) => {
    const prop = firstProp(node, 'name');
    if (prop && !isOneString(encodeValue(prop.value))) strings = false;
  });
  if (!strings) return;
  forEachLive(root, (node) => {
    const prop = firstProp(node, 'name');
    if (!prop) return;
    const bytes = encodeValue(prop.value);
    const base = baseNameLength(node.name);
    let same = bytes.length === base + 1;
    for (let i = 0; same && i < base; i++) same = bytes[i] === (node.name.charCodeAt(i) & 0xff);
    if (same) {
      removeProp(node, prop);
      return;
    }
    const shown = bytes.indexOf(0) === -1 ? bytes : bytes.subarray(0, bytes.indexOf(0));
    out.push(
      error(
        'name_properties',
        `${pathOf(node)}: "name" property is incorrect ("${Buffer.from(shown.buffer, shown.byteOffset, shown.length).toString('latin1')}" instead of base node name)`,
        prop.at,
      ),
    );
  });
}

interface LabelSite {
  node: LiveNode;
  prop?: LiveProp;
  /** Set for a label inside a value. */
  mark?: Label;
  label: Label | { name: string; at: Location };
}

function describe(s: LabelSite): string {
  return `${s.mark ? 'value of ' : ''}${s.prop ? `'${s.prop.name}' in ` : ''}${pathOf(s.node)}`;
}

/**
 * dtc's duplicate_label: a label resolves to the first node carrying it (pre-order), else the
 * first property, else the first value; every other place it stands is an error.
 */
export function checkDuplicateLabels(root: LiveNode, out: Diagnostic[]): void {
  const sites: LabelSite[] = [];
  const firstNode = new Map<string, LabelSite>();
  const firstOnProp = new Map<string, LabelSite>();
  const firstMark = new Map<string, LabelSite>();
  forEachLive(root, (node) => {
    for (let lIndex = 0; lIndex < node.labels.length; lIndex++) {
      const l = node.labels[lIndex]!;
      if (l.deleted) continue;
      const s: LabelSite = { node, label: l };
      sites.push(s);
      if (!firstNode.has(l.name)) firstNode.set(l.name, s);
    }
    for (let propIndex = 0; propIndex < node.props.length; propIndex++) {
      const prop = node.props[propIndex]!;
      if (prop.deleted) continue;
      for (let lIndex = 0; lIndex < prop.labels.length; lIndex++) {
        const l = prop.labels[lIndex]!;
        if (l.deleted) continue;
        const s: LabelSite = { node, prop, label: l };
        sites.push(s);
        if (!firstOnProp.has(l.name)) firstOnProp.set(l.name, s);
      }
      for (let mIndex = 0; mIndex < prop.valueLabels.length; mIndex++) {
        const m = prop.valueLabels[mIndex]!;
        const s: LabelSite = { node, prop, mark: m, label: m };
        sites.push(s);
        if (!firstMark.has(m.name)) firstMark.set(m.name, s);
      }
    }
  });
  for (let sIndex = 0; sIndex < sites.length; sIndex++) {
    const s = sites[sIndex]!;
    const name = s.label.name;
    const other = firstNode.get(name) ?? firstOnProp.get(name) ?? firstMark.get(name)!;
    if (other.node === s.node && other.prop === s.prop && other.mark === s.mark) continue;
    out.push(
      error('duplicate_label', `${pathOf(s.node)}: Duplicate label '${name}' on ${describe(s)} and ${describe(other)}`, s.label.at, {
        message: `'${name}' is also defined here`,
        at: other.label.at,
      }),
    );
  }
}
