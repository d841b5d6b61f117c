/**
 * The built tree as plain JSON, stable across runs (`dtlint tree --format json`).
 *
 * Shape (version 1):
 *   { "format": "dtlint-tree", "version": 1, "plugin": bool, "bootCpuid": n,
 *     "memreserves": [{ "address": "0x..", "size": "0x.." }],
 *     "root": NODE }
 *   NODE  = { "name": "ethernet@5b040000" ("" for the root), "path": "/soc/...",
 *             "labels": ["fec1"], "phandle"?: n, "generated"?: true,
 *             "definedAt": ["file:line:col", ...],
 *             "properties": [PROP], "children": [NODE] }
 *   PROP  = { "name", "labels": [..], "at": "file:line:col", "generated"?: true,
 *             "value": [CHUNK], "bytes": "hex of the DTB value" }
 *   CHUNK = { "type": "string", "value": "..." }
 *         | { "type": "cells", "bits": 8|16|32|64, "cells": [CELL] }
 *         | { "type": "bytes", "hex": "00ab" }
 *         | { "type": "pathRef", "ref": "&label" | "&{/path}", "path": "/resolved/path" }
 *   CELL  = "0x.." | { "ref": "&label" | "&{/path}", "phandle": "0x..", "target"?: "/path" }
 * Numbers that can exceed 2^53 (cells, addresses) are hex strings.
 */
import type { Location } from './location.js';
import { nodePath, referenceText } from './query.js';
import type { Node, Property, Tree, ValueChunk } from './tree.js';
import { encodeValue } from './value.js';
import { hex } from './message-text.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function treeToJson(tree: Tree): JsonValue {
  return {
    format: 'dtlint-tree',
    version: 1,
    plugin: tree.plugin,
    bootCpuid: tree.bootCpuid ?? 0,
    memreserves: tree.memreserves.map((r) => ({ address: hex(r.address), size: hex(r.size) })),
    root: nodeJson(tree.root),
  };
}

function nodeJson(node: Node): JsonValue {
  const out: { [key: string]: JsonValue } = {
    name: node.name,
    path: nodePath(node),
    labels: node.labels.map((l) => l.name),
  };
  if (node.phandle !== undefined) out.phandle = node.phandle;
  if (node.generated) out.generated = true;
  out.definedAt = node.definedAt.map(where);
  out.properties = node.properties.map(propertyJson);
  out.children = node.children.map(nodeJson);
  return out;
}

function propertyJson(prop: Property): JsonValue {
  const out: { [key: string]: JsonValue } = { name: prop.name, labels: prop.labels.map((l) => l.name), at: where(prop.at) };
  if (prop.generated) out.generated = true;
  out.value = prop.value.map(chunkJson);
  out.bytes = Buffer.from(encodeValue(prop.value)).toString('hex');
  return out;
}

function chunkJson(chunk: ValueChunk): JsonValue {
  switch (chunk.kind) {
    case 'string':
      return { type: 'string', value: chunk.value };
    case 'bytes':
      return { type: 'bytes', hex: Buffer.from(chunk.bytes).toString('hex') };
    case 'pathRef':
      return { type: 'pathRef', ref: referenceText(chunk.ref), path: chunk.path };
    case 'cells':
      return {
        type: 'cells',
        bits: chunk.bits,
        cells: chunk.cells.map((c): JsonValue => {
          const value = hex(BigInt.asUintN(chunk.bits, c.value));
          if (!c.ref) return value;
          const ref: { [key: string]: JsonValue } = { ref: referenceText(c.ref), phandle: value };
          if (c.ref.target) ref.target = nodePath(c.ref.target);
          return ref;
        }),
      };
  }
}

function where(at: Location): string {
  return `${at.file}:${at.line}:${at.column}`;
}
