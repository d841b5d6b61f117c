/**
 * A tiny builder for hand-made DTS syntax trees, so the tree builder can be tested without the
 * parser. Every element gets its own line in file `t.dts`, in creation order.
 */
import type {
  CellAst,
  DtsFileAst,
  Label,
  NodeAst,
  NodeItemAst,
  PropertyAst,
  Reference,
  TopItemAst,
  ValueChunkAst,
} from '../../src/dts/ast.js';
import type { Location } from '../../src/dts/location.js';

let line = 0;

export function loc(): Location {
  line++;
  return { file: 't.dts', line, column: 1, endLine: line, endColumn: 2 };
}

export function labels(...names: string[]): Label[] {
  return names.map((name) => ({ name, at: loc() }));
}

/** `&name` or, when it starts with '/', `&{/path}`. */
export function ref(name: string): Reference {
  return name.startsWith('/') ? { path: name, at: loc() } : { label: name, at: loc() };
}

export function str(value: string): ValueChunkAst {
  return { kind: 'string', value, at: loc() };
}

/** `< ... >`: numbers, or strings naming a reference (`'&x'`). */
export function cells(...items: (number | bigint | string)[]): ValueChunkAst {
  const out: CellAst[] = items.map((v) =>
    typeof v === 'string' ? { value: 0n, ref: ref(v.slice(1)), at: loc() } : { value: BigInt(v), at: loc() },
  );
  return { kind: 'cells', bits: 32, cells: out, at: loc() };
}

export function bits(size: 8 | 16 | 32 | 64, ...values: (number | bigint)[]): ValueChunkAst {
  return { kind: 'cells', bits: size, cells: values.map((v) => ({ value: BigInt(v), at: loc() })), at: loc() };
}

export function bytes(...values: number[]): ValueChunkAst {
  return { kind: 'bytes', bytes: values, at: loc() };
}

export function pathRef(name: string): ValueChunkAst {
  return { kind: 'pathRef', ref: ref(name), at: loc() };
}

export function prop(name: string, value: ValueChunkAst[] | null = null, propLabels: string[] = []): PropertyAst {
  const at = loc();
  return { kind: 'property', name, nameAt: at, labels: labels(...propLabels), value, at };
}

export function node(name: string, items: NodeItemAst[] = [], opts: { labels?: string[]; omit?: boolean } = {}): NodeAst {
  const at = loc();
  return { kind: 'node', name, nameAt: at, labels: labels(...(opts.labels ?? [])), omitIfNoRef: opts.omit ?? false, items, at };
}

export function delProp(name: string): NodeItemAst {
  const at = loc();
  return { kind: 'deleteProperty', name, nameAt: at, at };
}

export function delNode(name: string): NodeItemAst {
  const at = loc();
  return { kind: 'deleteNode', name, nameAt: at, at };
}

export function root(...items: NodeItemAst[]): TopItemAst {
  const n = node('/', items);
  return { kind: 'root', node: n, at: n.at };
}

export function refNode(target: string, items: NodeItemAst[] = [], refLabels: string[] = []): TopItemAst {
  const n = node(target, items);
  return { kind: 'refNode', ref: ref(target), labels: labels(...refLabels), node: n, at: n.at };
}

export function deleteRef(target: string): TopItemAst {
  return { kind: 'deleteNode', ref: ref(target), at: loc() };
}

export function omitRef(target: string): TopItemAst {
  return { kind: 'omitIfNoRef', ref: ref(target), at: loc() };
}

export function memreserve(address: number | bigint, size: number | bigint): TopItemAst {
  return { kind: 'memreserve', labels: [], address: BigInt(address), size: BigInt(size), at: loc() };
}

export function dts(...items: TopItemAst[]): DtsFileAst {
  return { items: [{ kind: 'version', at: loc() }, ...items] };
}

export function plugin(...items: TopItemAst[]): DtsFileAst {
  return { items: [{ kind: 'version', at: loc() }, { kind: 'plugin', at: loc() }, ...items] };
}
