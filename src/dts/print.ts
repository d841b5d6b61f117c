/**
 * The built tree as DTS text, close to what `dtc -O dts` prints: tabs, labels, properties
 * before children, a blank line before each child, cells as `0x%02x`. Unlike dtc reading a DTB,
 * the value types are known, so strings, `/bits/` arrays and byte strings print as written;
 * `&ref` cells print as references (the phandle is on the target), path references as the path.
 */
import { printDecompiled } from './print-dtb.js';
import { referenceText } from './query.js';
import type { Label, Node, Property, Tree, ValueChunk } from './tree.js';

export function printDts(tree: Tree): string {
  if (tree.dtb) return printDecompiled(tree);
  const out: string[] = ['/dts-v1/;\n'];
  if (tree.plugin) out.push('/plugin/;\n');
  out.push('\n');
  for (const r of tree.memreserves) out.push(`${labelPrefix(r.labels)}/memreserve/ ${cellHex(r.address)} ${cellHex(r.size)};\n`);
  if (tree.memreserves.length > 0) out.push('\n');
  printNode(tree.root, 0, out);
  return out.join('');
}

function printNode(node: Node, depth: number, out: string[]): void {
  const indent = '\t'.repeat(depth);
  out.push(`${indent}${labelPrefix(node.labels)}${node.parent ? node.name : '/'} {\n`);
  for (const p of node.properties) out.push(`${indent}\t${printProperty(p)}\n`);
  for (const c of node.children) {
    out.push('\n');
    printNode(c, depth + 1, out);
  }
  out.push(`${indent}};\n`);
}

export function printProperty(p: Property): string {
  const head = `${labelPrefix(p.labels)}${p.name}`;
  if (p.value.length === 0) return `${head};`;
  return `${head} = ${p.value.map(printChunk).join(', ')};`;
}

export function printChunk(chunk: ValueChunk): string {
  switch (chunk.kind) {
    case 'string':
      return quote(chunk.value);
    case 'pathRef':
      return chunk.path !== '' ? quote(chunk.path) : referenceText(chunk.ref);
    case 'bytes':
      return `[${Array.from(chunk.bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}]`;
    case 'cells': {
      const items = chunk.cells.map((c) => (c.ref ? referenceText(c.ref) : cellHex(BigInt.asUintN(chunk.bits, c.value))));
      return `${chunk.bits === 32 ? '' : `/bits/ ${chunk.bits} `}<${items.join(' ')}>`;
    }
  }
}

function labelPrefix(labels: readonly Label[]): string {
  return labels.map((l) => `${l.name}: `).join('');
}

/** `0x0a`: dtc -O dts's `0x%02x` for cells and /memreserve/ (two digits at least). */
function cellHex(v: bigint): string {
  return `0x${v.toString(16).padStart(2, '0')}`;
}

const ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\\': '\\\\',
  '"': '\\"',
};

/** A C string literal as dtc writes one: named escapes, printable ASCII as is, `\xNN` otherwise. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += ESCAPES[ch] ?? (code >= 0x20 && code < 0x7f ? ch : `\\x${code.toString(16).padStart(2, '0')}`);
  }
  return out + '"';
}
