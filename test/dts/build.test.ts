/**
 * The tree builder on hand-made syntax trees. Each case mirrors a DTS file in fixtures/build/
 * whose DTB was written by dtc 1.6.1 (`dtc -I dts -O dtb`, and `-@` for *.sym.dtb): our DTB
 * must be byte-identical.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildTree } from '../../src/dts/build.js';
import type { DtsFileAst } from '../../src/dts/ast.js';
import type { Node } from '../../src/dts/tree.js';
import { writeDtb } from '../../src/dts/dtb.js';
import { findNodeByPath, getProperty, nodePath, propertyStrings } from '../../src/dts/query.js';
import {
  bits,
  bytes,
  cells,
  delNode,
  delProp,
  deleteRef,
  dts,
  memreserve,
  node,
  omitRef,
  pathRef,
  plugin,
  prop,
  refNode,
  root,
  str,
} from '../helpers/ast.js';

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/build/${name}`, import.meta.url)));
}

function expectDtc(ast: DtsFileAst, name: string, symbols = false): ReturnType<typeof buildTree> {
  const built = buildTree(ast, { symbols });
  expect(built.diagnostics).toEqual([]);
  expect(Buffer.from(writeDtb(built.tree)).toString('hex')).toBe(Buffer.from(fixture(name)).toString('hex'));
  return built;
}

const mergeOrder = (): DtsFileAst =>
  dts(
    root(
      prop('a', [cells(1)]),
      prop('b', [cells(2)]),
      node('x', [prop('p', [cells(1)]), node('xa')]),
      node('y'),
    ),
    root(prop('c', [cells(3)]), delProp('b'), node('x', [prop('q', [cells(2)]), node('xb')]), node('z')),
    root(prop('b', [cells(5)]), prop('a', [str('again')]), node('x', [prop('p', [cells(9)]), node('xa', [prop('r')])])),
  );

describe('buildTree merges like dtc', () => {
  it('replaces properties in place, revives a deleted one at its old place, appends new ones', () => {
    const { tree } = expectDtc(mergeOrder(), 'merge-order.dtb');
    expect(tree.root.properties.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    const a = getProperty(tree.root, 'a')!;
    expect(a.overridden).toHaveLength(1);
    expect(tree.deletions).toEqual([expect.objectContaining({ kind: 'property', name: 'b', matched: true })]);
    expect(findNodeByPath(tree, '/x')!.definedAt).toHaveLength(3);
    expectDtc(mergeOrder(), 'merge-order.sym.dtb', true);
  });

  it('revives a deleted node at its old place, without its old contents', () => {
    const ast = (): DtsFileAst =>
      dts(
        root(
          node('n1', [prop('p', [cells(1)]), node('c1', [prop('q', [cells(2)])], { labels: ['k'] }), node('c2')], { labels: ['n1'] }),
          node('n2'),
        ),
        root(delNode('n1')),
        root(node('n1', [prop('r', [cells(3)]), node('c2', [prop('s')])]), node('n3')),
      );
    const { tree } = expectDtc(ast(), 'revive-node.dtb');
    expect(tree.root.children.map((c) => c.name)).toEqual(['n1', 'n2', 'n3']);
    expect(tree.root.children[0]!.labels).toEqual([]);
    // -@: the revived node keeps its (deleted) label record, so dtc still gives it a phandle.
    expectDtc(ast(), 'revive-node.sym.dtb', true);
  });

  it('keeps deletions inside a first definition as inert placeholders that a later merge revives', () => {
    const ast = (): DtsFileAst =>
      dts(
        root(prop('a', [cells(1)]), delProp('b'), delProp('a'), node('n1'), delNode('n2'), node('n3')),
        root(prop('b', [cells(2)]), prop('c', [cells(3)]), node('n2', [prop('p')])),
      );
    const { tree } = expectDtc(ast(), 'body-placeholders.dtb');
    expect(tree.root.properties.map((p) => p.name)).toEqual(['a', 'b', 'c']);
    expect(tree.root.children.map((c) => c.name)).toEqual(['n1', 'n2', 'n3']);
    expect(tree.deletions!.map((d) => [d.name, d.matched])).toEqual([
      ['b', false],
      ['a', false],
      ['n2', false],
    ]);
  });
});

describe('labels, phandles and symbols', () => {
  const labelsAst = (): DtsFileAst =>
    dts(
      root(
        node('n1', [prop('p', [cells(1)], ['c'])], { labels: ['a', 'b'] }),
        node('n2', [prop('phandle', [cells(1)])]),
        node('n3', [prop('r', [cells('&n5', '&n4', '&a')])]),
        node('n4', [], { labels: ['n4'] }),
        node('n5', [], { labels: ['n5'] }),
        node('n6', [node('s', [], { labels: ['sub'] })], { labels: ['z'] }),
      ),
      refNode('a', [prop('q', [cells(2)], ['d', 'n1x'])]),
      refNode('a', [], ['e']),
      refNode('sub', [prop('t')]),
      root(node('n6', [node('s', [], { labels: ['y'] })])),
    );

  it('assigns phandles in reference order and writes __symbols__ in dtc label order', () => {
    expectDtc(labelsAst(), 'labels-symbols.dtb');
    const { tree } = expectDtc(labelsAst(), 'labels-symbols.sym.dtb', true);
    const n1 = findNodeByPath(tree, '/n1')!;
    expect(n1.labels.map((l) => l.name)).toEqual(['e', 'a', 'b']);
    const symbols = findNodeByPath(tree, '/__symbols__')!;
    expect(symbols.generated).toBe(true);
    expect(symbols.properties.map((p) => p.name)).toEqual(['e', 'a', 'b', 'n4', 'n5', 'z', 'y', 'sub']);
    const r = getProperty(findNodeByPath(tree, '/n3')!, 'r')!;
    const refs = r.value[0]!.kind === 'cells' ? r.value[0]!.cells.map((c) => c.ref?.target && nodePath(c.ref.target)) : [];
    expect(refs).toEqual(['/n5', '/n4', '/n1']);
  });

  it('skips explicit phandles, honours linux,phandle and self references', () => {
    const ast = (): DtsFileAst =>
      dts(
        root(
          prop('p1', [cells('&c', '&a')]),
          node('a', [prop('phandle', [cells(2)])], { labels: ['a'] }),
          node('b', [prop('linux,phandle', [cells(3)])], { labels: ['b'] }),
          node('c', [], { labels: ['c'] }),
          node('d', [prop('x', [cells('&d', '&b', '&e')])], { labels: ['d'] }),
          node('e', [prop('phandle', [cells('&e')])], { labels: ['e'] }),
          node('f', [prop('y', [cells('&/g', '&/a')])], { labels: ['f'] }),
          node('g'),
          node('h', [], { labels: ['h'] }),
        ),
      );
    expectDtc(ast(), 'phandle-order.dtb');
    expectDtc(ast(), 'phandle-order.sym.dtb', true);
  });

  it('drops unreferenced /omit-if-no-ref/ nodes, but not labelled ones under -@', () => {
    const ast = (): DtsFileAst =>
      dts(
        root(
          node('n1', [prop('p', [cells(1)]), node('n1c', [], { labels: ['k'] })], { labels: ['a'] }),
          node('n2'),
          node('o1', [], { labels: ['o1'] }),
          node('o2'),
          node('o3', [], { labels: ['o3'] }),
          node('o4', [], { omit: true }),
          node('o5', [], { omit: true, labels: ['o5'] }),
          node('o6', [], { omit: true, labels: ['o6'] }),
          node('o7', [], { omit: true, labels: ['o7'] }),
        ),
        deleteRef('a'),
        root(
          node('n1', [prop('q', [cells(2)])]),
          node('o2', [], { omit: true }),
          node('n3', [prop('r', [cells('&o3')]), prop('s', [pathRef('o6')])]),
          node('n4', [prop('t', [cells('&o7')])]),
        ),
        omitRef('o1'),
        omitRef('o3'),
        omitRef('/n4'),
      );
    const plain = expectDtc(ast(), 'omit.dtb');
    expect(plain.tree.root.children.map((c) => c.name)).toEqual(['n1', 'n2', 'o2', 'o3', 'o6', 'o7', 'n3']);
    expectDtc(ast(), 'omit.sym.dtb', true);
  });
});

describe('values', () => {
  it('turns &label outside < > into the path and encodes mixed values', () => {
    const ast = (): DtsFileAst =>
      dts(
        root(
          prop('mixed', [str('a'), cells(1, '&uart'), pathRef('uart'), bytes(1, 2), bits(16, 3, 4)]),
          node('aliases', [prop('serial0', [pathRef('uart')]), prop('eth', [pathRef('/soc/eth@1')])]),
          node('chosen', [prop('stdout-path', [pathRef('uart'), str('x'), pathRef('/soc')])]),
          node('soc', [node('serial@10', [], { labels: ['uart'] }), node('eth@1')]),
        ),
      );
    const { tree } = expectDtc(ast(), 'path-refs.dtb');
    expect(propertyStrings(getProperty(findNodeByPath(tree, '/chosen')!, 'stdout-path')!)).toEqual(['/soc/serial@10', 'x', '/soc']);
    expectDtc(ast(), 'path-refs.sym.dtb', true);
  });

  it('writes memreserves, the boot CPU, /bits/ arrays and a suffix-sharing string table', () => {
    const ast = (): DtsFileAst =>
      dts(
        memreserve(0x10000000, 0x4000),
        memreserve(0x1000, 0x20),
        root(
          prop('#address-cells', [cells(1)]),
          prop('#size-cells', [cells(0)]),
          prop('s', [str('tab\there'), str('quote"'), str('\x01\xff'), str('')]),
          prop('b8', [bits(8, 1, 0xff, -1)]),
          prop('b16', [bits(16, 0x1234, -1)]),
          prop('b64', [bits(64, 0x123456789abcdef0n, -2)]),
          prop('neg', [cells(-1, 1 << 31, 97)]),
          prop('bytes', [bytes(0, 0xab, 0xcd, 0xef)]),
          prop('empty'),
          prop('clock-names', [str('a')]),
          prop('names', [str('b')]),
          prop('ames', [str('c')]),
          node('cpus', [
            prop('#address-cells', [cells(1)]),
            prop('#size-cells', [cells(0)]),
            node('cpu@0', [prop('reg', [cells(5)])]),
            node('cpu@1', [prop('reg', [cells(1)])]),
          ]),
        ),
      );
    const { tree } = expectDtc(ast(), 'values.dtb');
    expect(tree.bootCpuid).toBe(5);
  });

  it('drops a name property equal to the base name', () => {
    const ast = dts(
      root(node('n2', [prop('a'), prop('name', [str('n2')]), prop('b')]), node('n3@1', [prop('name', [str('n3')])])),
    );
    expectDtc(ast, 'name-prop.dtb');
  });
});

describe('overlays', () => {
  it('makes fragments for unknown targets and writes __fixups__ and __local_fixups__', () => {
    const ast = (): DtsFileAst =>
      plugin(
        refNode('foo', [prop('a', [cells(1)]), prop('b', [cells('&bar', 2, '&local')])]),
        refNode('/soc/x', [prop('c')]),
        root(node('l', [prop('d', [cells('&local')])], { labels: ['local'] })),
        refNode('local', [prop('e', [cells('&ext2')])]),
      );
    const { tree } = expectDtc(ast(), 'overlay.dtb');
    expect(tree.plugin).toBe(true);
    expectDtc(ast(), 'overlay.sym.dtb', true);
  });
});

describe('diagnostics', () => {
  it('reports unresolved references at each reference, in dtc words', () => {
    const ast = dts(
      root(prop('p1', [cells(1)], ['lp']), node('n1', [prop('x', [cells('&lp'), str('s'), pathRef('nope')]), prop('y', [cells('&/zz')])])),
      refNode('missing'),
      deleteRef('gone'),
    );
    const { diagnostics } = buildTree(ast);
    expect(diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['unresolved-reference', 'error', 'Label or path missing not found'],
      ['unresolved-reference', 'error', 'Label or path gone not found'],
      ['unresolved-reference', 'error', 'Label or path lp not found'],
      ['unresolved-reference', 'error', 'Label or path /zz not found'],
      ['unresolved-reference', 'error', 'Label or path nope not found'],
    ]);
    expect(diagnostics[0]!.at).toEqual(ast.items[2]!.kind === 'refNode' ? ast.items[2]!.ref.at : undefined);
  });

  it('reports duplicate nodes, properties and labels with dtc check names', () => {
    const ast = dts(
      root(
        prop('p1', [cells(1)], ['l1']),
        prop('p1', [cells(2)]),
        node('n1', [prop('x', [cells(1)], ['l2'])], { labels: ['l1'] }),
        node('n1'),
        node('n2', [], { labels: ['l2'] }),
      ),
    );
    const { diagnostics } = buildTree(ast);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['duplicate_node_names', '/n1: Duplicate node name'],
      ['duplicate_property_names', '/:p1: Duplicate property name'],
      ['duplicate_label', "/: Duplicate label 'l1' on 'p1' in / and /n1"],
      ['duplicate_label', "/n1: Duplicate label 'l2' on 'x' in /n1 and /n2"],
    ]);
  });

  it('keeps a label of a deleted node from resolving', () => {
    const ast = dts(root(node('n', [], { labels: ['a'] })), deleteRef('a'), refNode('a'));
    expect(buildTree(ast).diagnostics.map((d) => d.message)).toEqual(['Label or path a not found']);
  });
});

describe('shared empty lists (issue 15)', () => {
  // Nodes and properties without children, labels, a value or earlier definitions share one frozen
  // empty list each: the types say read-only, and a push past the types fails instead of changing
  // every node.
  const sharedAst = (): DtsFileAst =>
    dts(
      root(node('a', [prop('flag'), prop('p', [cells(1)])]), node('b', [prop('flag')])),
      root(node('a', [prop('p', [cells(2)], ['later'])]), node('c', [], { labels: ['c'] })),
    );

  it('shares one frozen empty list between nodes and properties', () => {
    const { tree, diagnostics } = buildTree(sharedAst());
    expect(diagnostics).toEqual([]);
    const a = findNodeByPath(tree, '/a')!;
    const b = findNodeByPath(tree, '/b')!;
    const flagA = getProperty(a, 'flag')!;
    const flagB = getProperty(b, 'flag')!;
    expect(a.labels).toBe(b.labels);
    expect(flagA.value).toBe(flagB.value);
    expect(flagA.labels).toBe(flagB.labels);
    expect(flagA.overridden).toBe(flagB.overridden);
    for (const list of [a.labels, flagA.value, flagA.labels, flagA.overridden]) {
      expect(list).toHaveLength(0);
      expect(Object.isFrozen(list)).toBe(true);
    }
    // @ts-expect-error A node's children are read-only (the builder shares an empty list until they are made).
    const children: Node[] = a.children;
    expect(children).toHaveLength(0);
    // @ts-expect-error A node's labels are read-only.
    expect(() => a.labels.push({ name: 'x', at: flagA.at })).toThrow(TypeError);
    // @ts-expect-error A property's labels are read-only.
    expect(() => flagA.labels.push({ name: 'x', at: flagA.at })).toThrow(TypeError);
  });

  it('gives a list of its own to what is labelled or overridden later, leaving the shared one empty', () => {
    const { tree } = buildTree(sharedAst());
    const p = getProperty(findNodeByPath(tree, '/a')!, 'p')!;
    expect(p.labels.map((l) => l.name)).toEqual(['later']);
    expect(p.overridden).toHaveLength(1);
    expect(findNodeByPath(tree, '/c')!.labels.map((l) => l.name)).toEqual(['c']);
    const flag = getProperty(findNodeByPath(tree, '/b')!, 'flag')!;
    expect(flag.labels).toHaveLength(0);
    expect(flag.overridden).toHaveLength(0);
    expect(findNodeByPath(tree, '/b')!.labels).toHaveLength(0);
  });
});
