/**
 * The DTB reader (src/dts/dtb-read.ts): what it reads prints as `dtc -I dtb -O dts` (1.6.1) prints
 * it, byte for byte. Expectations are dtc's own output, kept beside the blobs (fixtures/dtb/*.dtc.dts:
 * a dtc -@ build, a version 16 blob with padding and reserve entries, a libfdt-made blob shaped as
 * QEMU's dumpdtb writes one), and for every DTB dtc wrote in fixtures/build/ when dtc is installed.
 * Malformed blobs give one syntax-error at the byte, never an exception.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTree } from '../../src/dts/build.js';
import { compileDts } from '../../src/dts/compile.js';
import { writeDtb } from '../../src/dts/dtb.js';
import { guessValueType, readDtbTree } from '../../src/dts/dtb-read.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { parseDts } from '../../src/dts/parser.js';
import { printDts } from '../../src/dts/print.js';
import { findNodeByLabel, findNodeByPath, getProperty, propertyStrings } from '../../src/dts/query.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';
import type { Tree } from '../../src/dts/tree.js';
import { dependencyGraphOf } from '../../src/graph/derived.js';

const dtbDir = fileURLToPath(new URL('../../fixtures/dtb/', import.meta.url));
const buildDir = fileURLToPath(new URL('../../fixtures/build/', import.meta.url));
const hasDtc = spawnSync('dtc', ['--version']).status === 0;

function bytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

function read(path: string): Tree {
  const result = readDtbTree(path, bytes(path));
  expect(result.diagnostics).toEqual([]);
  return result.tree!;
}

/** Our front end, then our DTB writer: the blob dtc would write (test/dts/dtb.test.ts). */
function compiledBlob(path: string, symbols: boolean): Uint8Array {
  const file = new SourceFile(path, readFileSync(path, 'latin1'));
  const host = new SourceHost();
  const parsed = parseDts({ text: file.text, origins: identityOrigins(file) }, { host, includeDirs: [] });
  return writeDtb(buildTree(parsed.ast, { symbols, host }).tree);
}

describe('reading a DTB prints what dtc -I dtb -O dts prints', () => {
  it.each(['qemu-virt-libfdt', 'version16'])('%s.dtb', (name) => {
    expect(printDts(read(dtbDir + `${name}.dtb`))).toBe(readFileSync(dtbDir + `${name}.dtc.dts`, 'latin1'));
  });

  it('round trip: our DTB of sample.dts (with -@), read back, prints as dtc decompiles dtc\'s DTB', () => {
    const blob = compiledBlob(dtbDir + 'sample.dts', true);
    const tree = readDtbTree('/x/sample.dtb', blob).tree!;
    expect(printDts(tree)).toBe(readFileSync(dtbDir + 'sample.dtc.dts', 'latin1'));
    // Read, then written again: the same bytes (dtc -I dtb -O dtb).
    expect(Buffer.from(writeDtb(tree)).equals(Buffer.from(blob))).toBe(true);
  });

  const dtbs = readdirSync(buildDir).filter((f) => f.endsWith('.dtb'));
  (hasDtc ? it : it.skip)(`every dtc-written DTB of fixtures/build (${dtbs.length}), against dtc itself${hasDtc ? '' : ' (skipped: no dtc)'}`, () => {
    const differ: string[] = [];
    for (const f of dtbs) {
      const dtc = spawnSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', buildDir + f], { encoding: 'latin1' });
      const ours = readDtbTree(buildDir + f, bytes(buildDir + f));
      if (dtc.status !== 0 || !ours.tree || printDts(ours.tree) !== dtc.stdout) differ.push(f);
    }
    expect(differ).toEqual([]);
  });
});

describe('the tree read from a DTB', () => {
  // sample.dts through our front end with -@ (so with /__symbols__), then our DTB writer.
  const blob = compiledBlob(dtbDir + 'sample.dts', true);
  const tree = readDtbTree('/x/sample.dtb', blob).tree!;

  it('locates each node and property at its node path, line 1, column = byte offset + 1', () => {
    const dev = findNodeByPath(tree, '/dev@2000')!;
    expect(dev.definedAt[0]).toMatchObject({ line: 1, endLine: 1, nodePath: '/dev@2000' });
    const clocks = getProperty(dev, 'clocks')!;
    expect(clocks.at.nodePath).toBe('/dev@2000:clocks');
    // The FDT_PROP token is at the column's byte: its first word reads 3.
    expect(new DataView(blob.buffer, blob.byteOffset).getUint32(clocks.at.column - 1)).toBe(3);
  });

  it('types values as dtc guesses them: string lists, cells, bytes', () => {
    const root = tree.root;
    expect(propertyStrings(getProperty(root, 'compatible')!)).toEqual(['foo,bar', 'baz']);
    expect(getProperty(root, '#address-cells')!.value[0]!.kind).toBe('cells');
    expect(getProperty(findNodeByPath(tree, '/dev@2000')!, 'bytes')!.value[0]!.kind).toBe('bytes');
    expect(guessValueType(new Uint8Array([0]))).toBe('bytes');
    expect(guessValueType(new Uint8Array([0x61, 0, 0x62, 0]))).toBe('string');
    expect(guessValueType(new Uint8Array([0, 0, 0, 1]))).toBe('cells');
  });

  it('takes labels from /__symbols__ and phandles from phandle properties, so the graph links them', () => {
    expect(findNodeByLabel(tree, 'clk')?.name).toBe('clock');
    expect(findNodeByPath(tree, '/intc@1000')!.phandle).toBe(0x20);
    const dev = findNodeByPath(tree, '/dev@2000')!;
    const graph = dependencyGraphOf(tree);
    const suppliers = graph.bound.filter((b) => b.node === dev && b.split).flatMap((b) => b.split!.entries.map((e) => e.provider?.name));
    expect(suppliers).toEqual(expect.arrayContaining(['clock', 'intc@1000']));
  });

  it('compileDts reads a .dtb by its FDT magic whatever its name, and marks it binary in the host', () => {
    const host = new SourceHost(new Map([['/x/dump.bin', Buffer.from(bytes(dtbDir + 'qemu-virt-libfdt.dtb')).toString('latin1')]]));
    const result = compileDts('/x/dump.bin', { host });
    expect(result.diagnostics).toEqual([]);
    expect(result.tree?.dtb).toEqual({ version: 17 });
    // No text: comments, suppressions and code frames find nothing in it.
    expect(host.textOf('/x/dump.bin')).toBeUndefined();
    expect(compileDts('/x/dump.bin', { host }).tree).toBeDefined();
  });

  it('a binary that is neither DTS nor DTB is a fatal line, not a syntax error', () => {
    const host = new SourceHost(new Map([['/x/prog', '\x7fELF\x02\x01\x01\x00\x00junk']]));
    expect(compileDts('/x/prog', { host })).toMatchObject({ fatal: expect.stringContaining('binary file, neither devicetree source nor a DTB') });
  });
});

describe('malformed DTBs: one syntax-error at the byte, never an exception', () => {
  const good = bytes(dtbDir + 'version16.dtb');
  const u32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at);
  const patched = (at: number, value: number, from = good): Uint8Array => {
    const b = from.slice();
    new DataView(b.buffer).setUint32(at, value);
    return b;
  };
  const offStruct = u32(good, 8);

  const cases: [string, Uint8Array, RegExp, number][] = [
    ['bad magic', patched(0, 0xd00dfeee), /incorrect magic number 0xd00dfeee/, 0],
    ['truncated', good.slice(0, 100), /header says \d+ bytes, the file has 100 \(truncated\)/, 100],
    ['a file shorter than the magic', good.slice(0, 2), /EOF reading the magic/, 0],
    ['structure offset out of range', patched(8, 0xffffff), /structure block offset 0xffffff is past the end/, 8],
    ['strings block past the end', patched(32, 0xffffff), /strings block extends past the end/, 32],
    ['an invalid token', patched(offStruct + 8, 0x77), /invalid token 0x00000077/, offStruct + 8],
    ['no FDT_BEGIN_NODE first', patched(offStruct, 2), /does not begin with FDT_BEGIN_NODE/, offStruct],
    ['a property name outside the strings block', patched(offStruct + 16, 0xfffff0), /property name offset \d+ is outside the strings block/, offStruct + 16],
  ];
  it.each(cases)('%s', (_name, blob, message, offset) => {
    const result = readDtbTree('/x/bad.dtb', blob);
    expect(result.tree).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'syntax-error', severity: 'error', at: { line: 1, column: offset + 1 } });
    expect(result.diagnostics[0]!.message).toMatch(message);
  });

  it('nesting deeper than the DTS parser allows', () => {
    const depth = 1100;
    const words = [1, 0];
    for (let i = 0; i < depth; i++) words.push(1, 0);
    const struct = new Uint8Array(words.length * 4);
    const view = new DataView(struct.buffer);
    words.forEach((w, i) => view.setUint32(i * 4, w));
    const blob = new Uint8Array(40 + 16 + struct.length);
    const h = new DataView(blob.buffer);
    [0xd00dfeed, blob.length, 56, blob.length, 40, 17, 16, 0, 0, struct.length].forEach((w, i) => h.setUint32(i * 4, w));
    blob.set(struct, 56);
    expect(readDtbTree('/x/deep.dtb', blob).diagnostics[0]!.message).toBe('DTB: nodes nested too deeply');
  });

  it('every single-byte corruption of a blob reads or fails cleanly', () => {
    for (let at = 0; at < good.length; at++) {
      for (const v of [0x00, 0xff, 0x03]) {
        const b = good.slice();
        b[at] = v;
        const result = readDtbTree('/x/fuzz.dtb', b);
        const errors = result.diagnostics.filter((d) => d.severity === 'error');
        expect(result.tree !== undefined || errors.length === 1).toBe(true);
        if (result.tree) printDts(result.tree);
      }
    }
  });

  it('a bad character in a node or property name is dtc\'s error, shown escaped', () => {
    const blob = good.slice();
    const at = Buffer.from(blob).indexOf('clock\0');
    blob[at + 1] = 0x1b;
    const d = readDtbTree('/x/esc.dtb', blob).diagnostics;
    expect(d).toEqual([expect.objectContaining({ code: 'node_name_chars', message: "/c\\x1bock: Bad character '\\x1b' in node name" })]);
  });
});
