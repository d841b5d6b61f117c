/**
 * A tree read from a DTB as `dtc -I dtb -O dts` (1.6.1) prints it, byte for byte: treesource.c's
 * dt_to_source with no type markers, so each value is printed by guess_value_type from its bytes
 * (a string list as one literal with `\0` between the strings, `<0x%02x ...>` cells, `[%02x ...]`
 * bytes). No labels: dtc does not read them back from /__symbols__, which it prints as a node.
 */
import { guessValueType } from './dtb-read.js';
import type { Node, Tree } from './tree.js';
import { encodeValue } from './value.js';

export function printDecompiled(tree: Tree): string {
  const out: string[] = ['/dts-v1/;\n\n'];
  for (const r of tree.memreserves) out.push(`/memreserve/\t0x${hex16(r.address)} 0x${hex16(r.size)};\n`);
  // Pre-order with an explicit stack (no recursion on the input's depth); `close` ends a node.
  const stack: { node: Node; depth: number; close: boolean }[] = [{ node: tree.root, depth: 0, close: false }];
  while (stack.length > 0) {
    const { node, depth, close } = stack.pop()!;
    const indent = '\t'.repeat(depth);
    if (close) {
      out.push(`${indent}};\n`);
      continue;
    }
    // dtc writes a blank line before each child.
    if (depth > 0) out.push('\n');
    out.push(`${indent}${node.name !== '' ? node.name : '/'} {\n`);
    for (const p of node.properties) out.push(`${indent}\t${p.name}${propertyValue(encodeValue(p.value))}\n`);
    stack.push({ node, depth, close: true });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, depth: depth + 1, close: false });
  }
  return out.join('');
}

function hex16(v: bigint): string {
  return v.toString(16).padStart(16, '0');
}

/** dtc's write_propval with a guessed type. */
function propertyValue(bytes: Uint8Array): string {
  if (bytes.length === 0) return ';';
  switch (guessValueType(bytes)) {
    case 'string':
      return ` = ${stringLiteral(bytes)};`;
    case 'cells': {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const cells: string[] = [];
      for (let i = 0; i < bytes.length; i += 4) cells.push(`0x${view.getUint32(i).toString(16).padStart(2, '0')}`);
      return ` = <${cells.join(' ')}>;`;
    }
    case 'bytes':
      return ` = [${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ')}];`;
  }
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\', 0x22: '\\"', 0: '\\0' };

/** dtc's write_propval_string: the bytes before the final NUL, escaped (only printable bytes get here). */
function stringLiteral(bytes: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < bytes.length - 1; i++) {
    const b = bytes[i]!;
    s += ESCAPES[b] ?? String.fromCharCode(b);
  }
  return s + '"';
}
