/**
 * One node body as written (dtc's build_node): properties and children in source order, with
 * duplicates kept and `/delete-property/` / `/delete-node/` as deleted placeholders. Nothing is
 * merged here; merge.ts folds a definition into the tree.
 */
import { dirname, isAbsolute, join } from 'node:path';
import type { CellAst, Label, NodeAst, PropertyAst, Reference, ValueChunkAst } from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { addLabel, appendChild, appendProp, newNode, NO_LIVE_LABELS, type LiveNode, type LiveProp } from './live.js';
import { SourceHost } from './source.js';
import type { Location } from './location.js';
import { pushAll } from './list.js';
import type { Cell, ResolvedReference, ValueChunk } from './tree.js';

/** What reading a definition needs: where /incbin/ looks for files, where errors go. */
export interface DefinitionContext {
  host: SourceHost;
  includeDirs: readonly string[];
  diagnostics: Diagnostic[];
  /** Files read by /incbin/, in first-read order. */
  files: string[];
}

export function nodeFromAst(ast: NodeAst, ctx: DefinitionContext): LiveNode {
  const node = newNode(ast.name === '/' ? '' : ast.name, ast.nameAt, [ast.at]);
  // dtc reduces `a: b: name` innermost first and prepends each label: the list reads a, b.
  for (let i = ast.labels.length - 1; i >= 0; i--) addLabel(node, ast.labels[i]!.name, ast.labels[i]!.at);
  node.omitIfUnused = ast.omitIfNoRef;
  for (let itemIndex = 0; itemIndex < ast.items.length; itemIndex++) {
    const item = ast.items[itemIndex]!;
    if (item.kind === 'property') appendProp(node, propFromAst(item, ctx));
    else if (item.kind === 'deleteProperty') {
      const p = emptyProp(item.name, item.nameAt, item.at, []);
      p.deleted = true;
      p.deleteAt = item.at;
      appendProp(node, p);
    }
  }
  for (let itemIndex = 0; itemIndex < ast.items.length; itemIndex++) {
    const item = ast.items[itemIndex]!;
    if (item.kind === 'node') appendChild(node, nodeFromAst(item, ctx));
    else if (item.kind === 'deleteNode') {
      const c = newNode(item.name, item.nameAt, [item.at]);
      c.deleted = true;
      c.deleteAt = item.at;
      appendChild(node, c);
    }
  }
  return node;
}

/**
 * Shared by every property until it has a value or is overridden (both replace the array, never
 * push to it): most properties get a value at once, and few are overridden. Frozen, so that a push
 * anywhere would fail loudly instead of changing every property.
 */
const NO_VALUE: readonly ValueChunk[] = Object.freeze([]);
export const NOT_OVERRIDDEN: readonly Location[] = Object.freeze([]);
/** No labels: a decoded property's value labels (merge replaces them), a built node's labels. */
export const NO_LABELS: readonly Label[] = Object.freeze([]);

function emptyProp(name: string, nameAt: PropertyAst['nameAt'], at: PropertyAst['at'], valueLabels: Label[]): LiveProp {
  return { name, nameAt, at, labels: NO_LIVE_LABELS, value: NO_VALUE, valueLabels, deleted: false, overridden: NOT_OVERRIDDEN };
}

function propFromAst(ast: PropertyAst, ctx: DefinitionContext): LiveProp {
  // The value and its labels are filled here, in lists of this property's own; the property
  // holds them read-only (its value is the shared empty one until it has a chunk).
  const valueLabels: Label[] = [];
  const prop = emptyProp(ast.name, ast.nameAt, ast.at, valueLabels);
  for (let i = ast.labels.length - 1; i >= 0; i--) addLabel(prop, ast.labels[i]!.name, ast.labels[i]!.at);
  const chunks = ast.value;
  if (chunks) {
    let value: ValueChunk[] | undefined;
    for (let chunkIndex = 0; chunkIndex < chunks.length; chunkIndex++) {
      const chunk = chunks[chunkIndex]!;
      if (chunk.labels) pushLabels(valueLabels, chunk.labels);
      const v = chunkFromAst(chunk, valueLabels, ctx);
      // Most values are one chunk: a literal holds exactly that (push would reserve 16 slots).
      if (v) value = value === undefined ? [v] : appended(value, v);
      if ((chunk.kind === 'cells' || chunk.kind === 'bytes') && chunk.endLabels) pushLabels(valueLabels, chunk.endLabels);
    }
    if (value) prop.value = value;
  }
  if (ast.endLabels) pushLabels(valueLabels, ast.endLabels);
  return prop;
}

/** `list` with `item` at the end: pushed once it has more than one (the literal it started as is full). */
function appended<T>(list: T[], item: T): T[] {
  if (list.length === 1) return [list[0]!, item];
  list.push(item);
  return list;
}

function pushLabels(into: Label[], labels: Label[] | undefined): void {
  if (labels) pushAll(into, labels);
}

/**
 * The tree's chunk for a parsed one. A string or cell list with no labels is the parser's own
 * object: the tree never changes those (only path references and reference cells are filled in
 * later, and those are copies).
 */
function chunkFromAst(chunk: ValueChunkAst, valueLabels: Label[], ctx: DefinitionContext): ValueChunk | undefined {
  switch (chunk.kind) {
    case 'string':
      return chunk.labels ? { kind: 'string', value: chunk.value, at: chunk.at } : chunk;
    case 'bytes':
      return { kind: 'bytes', bytes: Uint8Array.from(chunk.bytes), at: chunk.at };
    case 'pathRef':
      return { kind: 'pathRef', ref: reference(chunk.ref), path: '', at: chunk.at };
    case 'cells': {
      const cells = cellsFromAst(chunk.cells, chunk.bits, valueLabels);
      if (cells === chunk.cells && !chunk.labels && !chunk.endLabels) return chunk;
      return { kind: 'cells', bits: chunk.bits, cells, at: chunk.at };
    }
    case 'incbin':
      return incbin(chunk, ctx);
  }
}

/**
 * The tree's cells. A plain cell (`{ value, at }`, no reference, no label) is the parser's own
 * object, and a list of only those is the parser's own array: nothing mutates them (only
 * reference cells get a value later, and those are copies), and most cells are plain.
 */
function cellsFromAst(cells: CellAst[], bits: 8 | 16 | 32 | 64, valueLabels: Label[]): Cell[] {
  let plain = true;
  for (let cIndex = 0; cIndex < cells.length; cIndex++) {
    const c = cells[cIndex]!;
    if (c.ref || c.labels) {
      plain = false;
      break;
    }
  }
  if (plain) return cells;
  return cells.map((c) => {
    pushLabels(valueLabels, c.labels);
    // dtc's placeholder until the reference is resolved: all ones.
    if (c.ref) return { value: (1n << BigInt(bits)) - 1n, ref: reference(c.ref), at: c.at };
    return c.labels ? { value: c.value, at: c.at } : c;
  });
}

function reference(ref: Reference): ResolvedReference {
  const r: ResolvedReference = { at: ref.at };
  if (ref.label !== undefined) r.label = ref.label;
  if (ref.path !== undefined) r.path = ref.path;
  return r;
}

/** `/incbin/`: beside the file that names it first, then in the -i dirs (dtc's search order). */
function incbin(chunk: Extract<ValueChunkAst, { kind: 'incbin' }>, ctx: DefinitionContext): ValueChunk | undefined {
  const candidates = isAbsolute(chunk.file)
    ? [chunk.file]
    : [join(dirname(chunk.at.file), chunk.file), ...ctx.includeDirs.map((d) => join(d, chunk.file))];
  // Offsets and lengths past what a number holds exactly read as "to the end" (dtc would fail the read).
  const offset = Number(chunk.offset ?? 0n);
  const length = chunk.length === undefined ? undefined : Number(chunk.length);
  for (let pathIndex = 0; pathIndex < candidates.length; pathIndex++) {
    const path = candidates[pathIndex]!;
    const bytes = ctx.host.readBytes(path, Number.isSafeInteger(offset) ? offset : Number.MAX_SAFE_INTEGER, length !== undefined && Number.isSafeInteger(length) ? length : undefined);
    if (!(bytes instanceof Uint8Array)) {
      if (bytes.reason === 'not-found' || bytes.reason === 'directory') continue;
      ctx.diagnostics.push({ code: 'syntax-error', severity: 'error', message: `Couldn't read "${chunk.file}": ${bytes.message}`, at: chunk.at });
      return undefined;
    }
    if (!ctx.files.includes(path)) ctx.files.push(path);
    return { kind: 'bytes', bytes, at: chunk.at };
  }
  ctx.diagnostics.push({
    code: 'syntax-error',
    severity: 'error',
    message: `Couldn't open "${chunk.file}": No such file or directory`,
    at: chunk.at,
  });
  return undefined;
}
