/**
 * dtc parity: dtc's own checks (scripts/dtc/checks.c in Linux 6.12), each a pure function from the
 * tree to its problems, with dtc's wording. Each check declares its prerequisites as checks.c does
 * (`WARNING(name, fn, data, &prereq...)`); as in dtc's run_check, a check whose prerequisite fails
 * anywhere in the tree does not run at all ("Failed prerequisite"), so the counts match dtc's.
 * Which checks a kernel build reports is the kernel's scripts/Makefile.dtbs: `-Wno-unit_address_vs_reg
 * -Wno-avoid_unnecessary_addr_size -Wno-alias_paths -Wno-graph_child_address -Wno-simple_bus_reg`
 * unless W=1, and `-Wunique_unit_address_if_enabled` with W=1; W=2 adds `-Wnode_name_chars_strict
 * -Wproperty_name_chars_strict -Wunique_unit_address` (W=1 and W=2 are independent: W=12 for both).
 * dtc's CHECK()s (the *_strict ones) are off unless asked for; its ERROR()s are rules at level error.
 */
import type { Location } from '../../src/dts/location.js';
import { compatibles, getProperty, nodePath, propertyBytes, walk } from '../../src/dts/query.js';
import { isOneString as bytesAreOneString } from '../../src/dts/structure-checks.js';
import { valueLength } from '../../src/dts/value.js';
import { derivedOf, type Node, type Property, type Tree } from '../../src/dts/tree.js';
import { defineRule, type DtcWarningSet, type Messages, type Rule } from '../../src/lint/rule.js';
import { baseName, cellNumber, propertyCells } from '../../src/graph/tree-access.js';
import { nodeHead } from './graph.js';

/** A node's own `#address-cells`/`#size-cells` as dtc's fixup_addr_size_cells reads them (-1: absent). */
export function ownCells(node: Node, name: '#address-cells' | '#size-cells'): number {
  const p = getProperty(node, name);
  const cells = p ? propertyCells(p) : undefined;
  return cells && cells.length > 0 ? cellNumber(cells[0]!) : -1;
}

/** dtc's node_addr_cells: the node's own #address-cells, else 2. */
export function nodeAddrCells(node: Node): number {
  const v = ownCells(node, '#address-cells');
  return v === -1 ? 2 : v;
}

/** dtc's node_size_cells: the node's own #size-cells, else 1. */
export function nodeSizeCells(node: Node): number {
  const v = ownCells(node, '#size-cells');
  return v === -1 ? 1 : v;
}

/** dtc's basenamelen: the name up to the first `@` (the graph layer's baseName). */
export { baseName };

/** dtc's get_unitname: what follows `@`, or `''`. */
export function unitName(node: Node): string {
  const at = node.name.indexOf('@');
  return at === -1 ? '' : node.name.slice(at + 1);
}

export function byteLength(prop: Property): number {
  return valueLength(prop.value);
}

/** dtc's is_multiple_of. */
export function isMultipleOf(multiple: number, divisor: number): boolean {
  return divisor === 0 ? multiple === 0 : multiple % divisor === 0;
}

export function isCompatible(node: Node, compatible: string): boolean {
  return compatibles(node).includes(compatible);
}

const WRITTEN_NODES = Symbol('nodes dtc checks visit');

/**
 * The nodes dtc's checks visit, in dtc's order (pre-order): the tree as written, without what dtc
 * makes up afterwards. Listed once per tree: each of the ~60 checks walked the tree again, and the
 * walks (a call per node and per check) were a quarter of the checks' time over a kernel tree.
 */
function writtenNodes(tree: Tree): readonly Node[] {
  return derivedOf(tree, WRITTEN_NODES, (t) => {
    const nodes: Node[] = [];
    walk(t, (node) => {
      if (node.generated) return false;
      nodes.push(node);
      return true;
    });
    return nodes;
  });
}

/** Every node dtc's checks visit: the tree as written, without what dtc makes up afterwards. */
export function forEachNode(tree: Tree, fn: (node: Node) => void): void {
  const nodes = writtenNodes(tree);
  for (let i = 0; i < nodes.length; i++) fn(nodes[i]!);
}

const PROPERTY_INDEX = Symbol('dtc checks: nodes by property name');

/**
 * The nodes forEachNode visits that have a property of `name`, in the same order, each with that
 * property (the first of the name, as getProperty finds it). One pass over the properties serves
 * every check that looks at one property name (the 16 `*_is_cell`, the 16 `*_property`, the
 * `*_is_string` checks), instead of a walk and a search of every node per check.
 */
export function forEachNodeWith(tree: Tree, name: string, fn: (node: Node, prop: Property) => void): void {
  const index = derivedOf(tree, PROPERTY_INDEX, (t) => {
    const byName = new Map<string, { node: Node; prop: Property }[]>();
    for (const node of writtenNodes(t)) {
      const props = node.properties;
      for (let i = 0; i < props.length; i++) {
        const prop = props[i]!;
        const list = byName.get(prop.name);
        if (list === undefined) byName.set(prop.name, [{ node, prop }]);
        else if (list[list.length - 1]!.node !== node) list.push({ node, prop });
      }
    }
    return byName;
  });
  const list = index.get(name);
  if (list !== undefined) for (let i = 0; i < list.length; i++) fn(list[i]!.node, list[i]!.prop);
}

/** What a dtc check finds at one node: one of its messages, with that message's data. */
export interface DtcProblem<K extends string = string> {
  node: Node;
  /** Set for dtc's FAIL_PROP: the finding points at the property and names it. */
  prop?: Property;
  messageId: K;
  data?: Readonly<Record<string, string | number>>;
  /**
   * Where to point instead of dtc's place: set where dtc repeats one node's message once per cause
   * (each consumer of a bad interrupt parent, each bad alias name), so that each report stays its own
   * finding (findings at one place with one message are one) and points at its cause.
   */
  at?: Location;
  /** What the user sees at run time, when it is not the rule's first symptom (one of its `symptoms`). */
  symptom?: string;
}

/**
 * One of dtc's checks as checks.c declares it (`WARNING(name, fn, data, &prereq...)`): its name, the
 * checks it needs first, its messages, and its function over the tree.
 */
export interface DtcCheck {
  /** dtc's check name. */
  name: string;
  /** The `&prereq` list: when one of them does not pass, this check does not run (dtc's run_check). */
  prerequisites: readonly DtcCheck[];
  /** dtc's wording, without the `/path:prop: ` that starts every message. */
  messages: Messages;
  /** dtc's check function over every node; called only when every prerequisite passed. */
  problems(tree: Tree): DtcProblem[];
}

/** dtc's checkstatus: PASSED, FAILED, or PREREQ (not run: a prerequisite did not pass). */
export type DtcStatus = 'passed' | 'failed' | 'prerequisite-failed';

export interface DtcResult {
  status: DtcStatus;
  problems: DtcProblem[];
}

/** Declares a check; its problems may only use its own message ids. */
export function dtcCheck<const M extends Messages>(check: {
  name: string;
  prerequisites: readonly DtcCheck[];
  messages: M;
  problems(tree: Tree): DtcProblem<keyof M & string>[];
}): DtcCheck {
  return check;
}

const RESULTS = Symbol('dtcResults');

/**
 * dtc's run_check: the prerequisites first, then the check over the whole tree unless one of them
 * did not pass. Whether a check is reported (W=1, -Wno-...) does not matter here: dtc runs a
 * prerequisite that is off all the same. Each check runs once per tree.
 */
export function runDtcCheck(check: DtcCheck, tree: Tree): DtcResult {
  const results = derivedOf(tree, RESULTS, () => new Map<DtcCheck, DtcResult>());
  const done = results.get(check);
  if (done) return done;
  let result: DtcResult;
  if (check.prerequisites.some((p) => runDtcCheck(p, tree).status !== 'passed')) result = { status: 'prerequisite-failed', problems: [] };
  else {
    const problems = check.problems(tree);
    result = { status: problems.length > 0 ? 'failed' : 'passed', problems };
  }
  results.set(check, result);
  return result;
}

/** dtc's data_is_one_string: non-empty, NUL-terminated, no NUL before the end. */
export function isOneString(prop: Property): boolean {
  // The usual `= "text"`: one string chunk, encoded with its NUL; only other shapes need the bytes.
  const only = prop.value.length === 1 ? prop.value[0]! : undefined;
  if (only?.kind === 'string' && !only.value.includes('\0')) return true;
  return bytesAreOneString(propertyBytes(prop));
}

/** dtc's check_is_string_list over the bytes: every string NUL-terminated (empty passes). */
export function isStringList(prop: Property): boolean {
  // A value ending in a string chunk ends in that string's NUL.
  const last = prop.value[prop.value.length - 1];
  if (last === undefined || last.kind === 'string') return true;
  const bytes = propertyBytes(prop);
  return bytes.length === 0 || bytes[bytes.length - 1] === 0;
}

/** The value's 32-bit cells, as dtc reads `(cell_t *)prop->val.val` (a trailing partial cell is not read). */
export function cellsOf(prop: Property): number[] {
  const bytes = propertyBytes(prop);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(view.getUint32(i));
  return out;
}

/** The first cell of a value, as dtc's propval_cell reads it (dtc asserts one cell; 0 when shorter). */
export function firstWord(prop: Property): number {
  const bytes = propertyBytes(prop);
  return bytes.length >= 4 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0) : 0;
}

/** A node's children as dtc's checks see them (without what dtc makes up after its checks). */
export function checkedChildren(node: Node): Node[] {
  return node.children.filter((c) => !c.generated);
}

const DELETED_CHILDREN = Symbol('dtcDeletedChildren');

/** The paths of nodes whose child list, in dtc, still holds a deleted child. */
function parentsOfDeleted(tree: Tree): Set<string> {
  return derivedOf(tree, DELETED_CHILDREN, () => {
    const out = new Set<string>();
    for (const d of tree.deletions ?? []) {
      if (d.kind !== 'node' || !(d.matched || d.firstDefinition)) continue;
      // A top-level `/delete-node/ &ref` records the deleted node's path; one inside a node, that node's.
      if (!d.name.startsWith('&')) out.add(d.node);
      else out.add(d.node.slice(0, d.node.lastIndexOf('/')) || '/');
    }
    return out;
  });
}

/**
 * dtc's `node->children != NULL`: dtc's delete_node only marks a node deleted, and a `/delete-node/`
 * in a node's first definition leaves a deleted placeholder, so a node whose children were all
 * deleted still has children there (for_each_child then skips them).
 */
export function hasDtcChildren(tree: Tree, node: Node): boolean {
  return checkedChildren(node).length > 0 || parentsOfDeleted(tree).has(nodePath(node));
}

/** The value as a C string (up to the first NUL), as dtc's streq on `prop->val.val` reads it. */
export function cString(prop: Property): string {
  const bytes = propertyBytes(prop);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1');
}

/** dtc's check_is_string (WARNING_IF_NOT_STRING): the property, when present, is one string. */
export function isStringCheck(name: string, propName: string): DtcCheck {
  return dtcCheck({
    name,
    prerequisites: [],
    messages: { notString: 'property is not a string' },
    problems(tree) {
      const out: DtcProblem<'notString'>[] = [];
      forEachNodeWith(tree, propName, (node, prop) => {
        if (!isOneString(prop)) out.push({ node, prop, messageId: 'notString' });
      });
      return out;
    },
  });
}

/** dtc's check_is_cell (WARNING_IF_NOT_CELL): the property, when present, is exactly one cell. */
export function isCellCheck(name: string, propName: string): DtcCheck {
  return dtcCheck({
    name,
    prerequisites: [],
    messages: { notCell: 'property is not a single cell' },
    problems(tree) {
      const out: DtcProblem<'notCell'>[] = [];
      forEachNodeWith(tree, propName, (node, prop) => {
        if (byteLength(prop) !== 4) out.push({ node, prop, messageId: 'notCell' });
      });
      return out;
    },
  });
}

export const addressCellsIsCell = isCellCheck('address_cells_is_cell', '#address-cells');
export const sizeCellsIsCell = isCellCheck('size_cells_is_cell', '#size-cells');

/** dtc's check_is_string_list for `compatible` (WARNING_IF_NOT_STRING_LIST): empty or NUL-terminated. */
export const compatibleIsStringList = dtcCheck({
  name: 'compatible_is_string_list',
  prerequisites: [],
  messages: { notStringList: 'property is not a string list' },
  problems(tree) {
    const out: DtcProblem<'notStringList'>[] = [];
    forEachNode(tree, (node) => {
      const prop = getProperty(node, 'compatible');
      if (!prop) return;
      if (!isStringList(prop)) out.push({ node, prop, messageId: 'notStringList' });
    });
    return out;
  },
});

/**
 * dtc's addr_size_cells (fixup_addr_size_cells): it reads every #address-cells and #size-cells and
 * never fails itself; it passes when both are single cells everywhere.
 */
export const addrSizeCells = dtcCheck({
  name: 'addr_size_cells',
  prerequisites: [addressCellsIsCell, sizeCellsIsCell],
  messages: {},
  problems: () => [],
});

/** dtc's simple_bus_bridge: marks simple-bus nodes as buses (isCompatible here); never fails itself. */
export const simpleBusBridge = dtcCheck({
  name: 'simple_bus_bridge',
  prerequisites: [addrSizeCells, compatibleIsStringList],
  messages: {},
  problems: () => [],
});

export interface DtcRuleDefinition {
  check: DtcCheck;
  summary: string;
  /** On in a kernel build only with W=1 (scripts/Makefile.dtbs). */
  w1Only: boolean;
  /** On in a kernel build only with W=2: dtc's CHECK()s the kernel turns on there, and unique_unit_address. */
  w2Only?: boolean;
  /** dtc's ERROR() checks (dtc stops, exit 2): `error`; its WARNING()s and CHECK()s: `warning` (default). */
  level?: 'error' | 'warning';
  /**
   * The DTB reader runs this check itself (a blob's names are read there, src/dts/dtb-read.ts): on a
   * tree read from a .dtb the rule reports the reader's diagnostics of this check's name instead.
   */
  dtbReaderRuns?: boolean;
  /**
   * A `CHECK()` of checks.c (neither warning nor error): dtc runs it only when asked for by name
   * (`-W<check>`), and no kernel warning level asks for it. The rule is `off` until turned on.
   */
  askedOnly?: boolean;
  symptoms?: readonly string[];
}

/** Whether the kernel build's warning set (or a request by name) turns the check on. */
function isOn(def: DtcRuleDefinition, set: DtcWarningSet, explicitlyOn: ReadonlySet<string>): boolean {
  if (explicitlyOn.has(def.check.name)) return true;
  if (def.w1Only && !set.includes('1')) return false;
  if (def.w2Only && !set.includes('2')) return false;
  return true;
}

/** Every rule made by defineDtcCheck, with its definition (the parity script lists them from here). */
const DTC_RULES = new WeakMap<object, DtcRuleDefinition>();

/** The dtc check behind a registered rule, when it is one. */
export function dtcRuleDefinition(rule: object): DtcRuleDefinition | undefined {
  return DTC_RULES.get(rule);
}

/** Where dtc points: the property for FAIL_PROP, else the node. */
function problemAt(p: DtcProblem, head: (node: Node) => Location): Location {
  if (p.at) return p.at;
  return p.prop ? p.prop.at : head(p.node);
}

/**
 * A rule that reports one dtc check, under dtc's name, with dtc's message (`/path:prop: text`); the
 * check's message ids are the rule's.
 */
export function defineDtcCheck(def: DtcRuleDefinition): Rule<'source', Messages> {
  const messages: Record<string, string> = {};
  for (const [id, text] of Object.entries(def.check.messages)) messages[id] = `{{where}}: ${text}`;
  const rule = defineRule<'source', Messages>({
    id: def.check.name,
    level: def.askedOnly ? 'off' : (def.level ?? 'warning'),
    scope: 'source',
    summary: def.summary,
    symptoms: def.symptoms ?? [],
    messages,
    check(ctx) {
      const tree = ctx.tree!;
      // A W=1 (W=2) check runs with dtcWarnings W=1 (W=2) or W=12, or when asked for by name (--rule, -W, the config).
      if (!isOn(def, ctx.dtcWarnings, ctx.explicitlyOn)) return;
      if (def.dtbReaderRuns && tree.dtb) {
        // The reader said it already, with a blob's bytes escaped: its `PATH: Bad character 'C' in ... name`.
        for (const d of ctx.diagnostics) {
          const m = d.code === def.check.name ? /^(.*): Bad character '(.*)' in (?:node|property) name$/s.exec(d.message) : null;
          if (m) ctx.report({ at: d.at, messageId: 'badChar', data: { where: m[1]!, char: m[2]! }, subject: m[1]! });
        }
        return;
      }
      // dtc stops at the first error: a tree it cannot parse runs no check, and after an error check
      // fails (phandle_references: an unresolved `&ref`) process_checks runs no later one (`error =
      // error || run_check(c)`); the error checks come first in its table, before the warnings. dtc's
      // own error checks (level error) still run: dtlint reports them all (docs/rules/node_name_chars.md).
      if (def.level !== 'error' && ctx.diagnostics.some((d) => d.severity === 'error')) return;
      for (const p of runDtcCheck(def.check, tree).problems) {
        const path = nodePath(p.node);
        const where = p.prop ? `${path}:${p.prop.name}` : path;
        ctx.report({
          at: problemAt(p, (n) => nodeHead(n, ctx.sources)),
          messageId: p.messageId,
          data: { ...p.data, where },
          subject: where,
          ...(p.symptom !== undefined ? { symptom: p.symptom } : {}),
        });
      }
    },
  });
  DTC_RULES.set(rule, def);
  return rule;
}
