/**
 * What the builder reports, through the parser, for inputs dtc 1.6.1 rejects. Messages are dtc's
 * (after its `ERROR (check): ` prefix); each case was run through dtc, which fails on all of them.
 * Positions point at the reference or label itself (dtc points at the enclosing node).
 */
import { describe, expect, it } from '@jest/globals';
import { buildTree } from '../../src/dts/build.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { parseDts } from '../../src/dts/parser.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

function diagnose(text: string, symbols = false): string[] {
  const file = new SourceFile('t.dts', `/dts-v1/;\n${text}`);
  const host = new SourceHost();
  const parsed = parseDts({ text: file.text, origins: identityOrigins(file) }, { host, includeDirs: [] });
  expect(parsed.diagnostics).toEqual([]);
  const built = buildTree(parsed.ast, { symbols, host });
  return built.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.severity} ${d.code} ${d.message}`);
}

describe('unresolved references', () => {
  it('reports a label that is only on a property', () => {
    expect(diagnose('/ { a: p = <1>; n { x = <&a>; }; };')).toEqual([
      '2:26 error unresolved-reference Label or path a not found',
    ]);
  });

  it('reports a label that is only inside a value', () => {
    expect(diagnose('/ { p = <1 a: 2>; n { x = &a; }; };')).toEqual(['2:27 error unresolved-reference Label or path a not found']);
  });

  it('reports a merge into a label defined only later, and one of a deleted node', () => {
    expect(diagnose('/ { n { }; };\n&a { p; };\n/ { a: m { }; };')).toEqual(['3:1 error unresolved-reference Label or path a not found']);
    expect(diagnose('/ { a: n { }; };\n/delete-node/ &a;\n&a { p; };')).toEqual([
      '4:1 error unresolved-reference Label or path a not found',
    ]);
  });

  it('does not let a revived node answer to its deleted label', () => {
    expect(diagnose('/ { a: n { q; }; };\n/delete-node/ &a;\n/ { n { p; }; m { x = <&a>; }; };')).toEqual([
      '4:24 error unresolved-reference Label or path a not found',
    ]);
  });

  it('reports every unresolved reference, parse-time ones first', () => {
    expect(diagnose('/ { n { x = <&b>, &c; y = <&{/z}>; }; };\n&d { };\n/delete-node/ &e;\n/omit-if-no-ref/ &{/f};')).toEqual([
      '3:1 error unresolved-reference Label or path d not found',
      '4:15 error unresolved-reference Label or path e not found',
      '5:18 error unresolved-reference Label or path /f not found',
      '2:14 error unresolved-reference Label or path b not found',
      '2:28 error unresolved-reference Label or path /z not found',
      '2:19 error unresolved-reference Label or path c not found',
    ]);
  });

  it('requires a labelled `l: &ref { }` to resolve even in an overlay', () => {
    expect(diagnose('/plugin/;\n/ { };\nl: &foo { p; };')).toEqual(['4:4 error unresolved-reference Label or path foo not found']);
  });
});

describe('dtc structural checks', () => {
  it('reports phandle errors', () => {
    expect(diagnose('/ { n { phandle = <0>; }; };')).toEqual([
      '2:9 error explicit_phandles /n:phandle: bad value (0x0) in phandle property',
    ]);
    expect(diagnose('/ { n { phandle = <1>; }; m { phandle = <1>; }; };')).toEqual([
      '2:31 error explicit_phandles /m: duplicated phandle 0x1 (seen before at /n)',
    ]);
    expect(diagnose('/ { n { phandle = <1>; linux,phandle = <2>; }; };')).toEqual([
      "2:9 error explicit_phandles /n: mismatching 'phandle' and 'linux,phandle' properties",
    ]);
    expect(diagnose('/ { a: n { }; m { phandle = <&a>; }; };')).toEqual([
      '2:30 error explicit_phandles /m: phandle is a reference to another node',
    ]);
  });

  it('reports a duplicate node, including one a first definition deletes', () => {
    expect(diagnose('/ { n { a; }; n { b; }; };')).toEqual(['2:15 error duplicate_node_names /n: Duplicate node name']);
    expect(diagnose('/ { x { }; /delete-node/ x; };')).toEqual(['2:26 error duplicate_node_names /x: Duplicate node name']);
  });

  it('reports duplicate labels on nodes, properties and values', () => {
    expect(diagnose('/ { a: a: n { }; b: m { }; };\nb: &a { };')).toEqual([
      "2:18 error duplicate_label /m: Duplicate label 'b' on /m and /n",
    ]);
    expect(diagnose('/ { x = < a: 1 >; a: n { }; m { y = <&a>; }; };')).toEqual([
      "2:11 error duplicate_label /: Duplicate label 'a' on value of 'x' in / and /n",
    ]);
  });

  it('reports a wrong name property, even one deleted later', () => {
    expect(diagnose('/ { n { name = "bad"; }; };\n/ { n { /delete-property/ name; }; };')).toEqual([
      '2:9 error name_properties /n: "name" property is incorrect ("bad" instead of base node name)',
    ]);
  });

  it('warns when a label clashes with a written __symbols__ property', () => {
    expect(diagnose('/ { __symbols__ { a = "/x"; }; a: n { }; };', true)).toEqual([
      '2:32 warning duplicate-symbol label a already exists in /__symbols__',
    ]);
  });
});
