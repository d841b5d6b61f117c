import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { CellAst, NodeAst, PropertyAst, TopItemAst, ValueChunkAst } from '../../src/dts/ast.js';
import type { Location } from '../../src/dts/location.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { parseDts, type ParseResult } from '../../src/dts/parser.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

function parse(text: string, files: Record<string, string> = {}, includeDirs: string[] = [], name = 't.dts'): ParseResult {
  const host = new SourceHost(new Map(Object.entries(files)));
  return parseDts({ text, origins: identityOrigins(new SourceFile(name, text)) }, { host, includeDirs });
}

/** A location in t.dts: `line:column` to `endColumn` (exclusive), on `endLine`. */
function L(line: number, column: number, endColumn: number, endLine = line, file = 't.dts'): Location {
  return { file, line, column, endLine, endColumn };
}

/** dtc's way of writing a position: `line.col-col` or `line.col-line.col`. */
function dtcPosition(at: Location): string {
  if (at.line !== at.endLine) return `${at.line}.${at.column}-${at.endLine}.${at.endColumn}`;
  if (at.column !== at.endColumn) return `${at.line}.${at.column}-${at.endColumn}`;
  return `${at.line}.${at.column}`;
}

function root(r: ParseResult): NodeAst {
  const item = r.ast.items.find((i) => i.kind === 'root');
  if (!item || item.kind !== 'root') throw new Error('no root');
  return item.node;
}

function prop(node: NodeAst, name: string): PropertyAst {
  const p = node.items.find((i): i is PropertyAst => i.kind === 'property' && i.name === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

describe('parser: file structure', () => {
  it('parses the smallest file', () => {
    const r = parse('/dts-v1/;\n/ { };\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual([]);
    expect(r.ast.items).toEqual([
      { kind: 'version', at: L(1, 1, 10) },
      {
        kind: 'root',
        node: { kind: 'node', name: '/', nameAt: L(2, 1, 2), labels: [], omitIfNoRef: false, items: [], at: L(2, 1, 7) },
        at: L(2, 1, 7),
      },
    ]);
  });

  it('parses headers, memreserves and top-level merges, deletions and omissions', () => {
    const r = parse(
      [
        '/dts-v1/;',
        '/plugin/;',
        'm: /memreserve/ 0x10 (2 * 8);',
        '/ { };',
        'x: &lbl { };',
        '&{/a/b} { p; };',
        '/ { };',
        '/delete-node/ &lbl;',
        '/omit-if-no-ref/ &{/a};',
        '',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    const emptyRoot = (line: number): TopItemAst => ({
      kind: 'root',
      node: { kind: 'node', name: '/', nameAt: L(line, 1, 2), labels: [], omitIfNoRef: false, items: [], at: L(line, 1, 7) },
      at: L(line, 1, 7),
    });
    expect(r.ast.items).toEqual([
      { kind: 'version', at: L(1, 1, 10) },
      { kind: 'plugin', at: L(2, 1, 10) },
      { kind: 'memreserve', labels: [{ name: 'm', at: L(3, 1, 3) }], address: 16n, size: 16n, at: L(3, 1, 30) },
      emptyRoot(4),
      {
        kind: 'refNode',
        ref: { label: 'lbl', at: L(5, 4, 8) },
        labels: [{ name: 'x', at: L(5, 1, 3) }],
        node: { kind: 'node', name: '&lbl', nameAt: L(5, 4, 8), labels: [], omitIfNoRef: false, items: [], at: L(5, 1, 13) },
        at: L(5, 1, 13),
      },
      {
        kind: 'refNode',
        ref: { path: '/a/b', at: L(6, 1, 8) },
        labels: [],
        node: {
          kind: 'node',
          name: '&{/a/b}',
          nameAt: L(6, 1, 8),
          labels: [],
          omitIfNoRef: false,
          items: [{ kind: 'property', name: 'p', nameAt: L(6, 11, 12), labels: [], value: null, at: L(6, 11, 13) }],
          at: L(6, 1, 16),
        },
        at: L(6, 1, 16),
      },
      emptyRoot(7),
      { kind: 'deleteNode', ref: { label: 'lbl', at: L(8, 15, 19) }, at: L(8, 1, 20) },
      { kind: 'omitIfNoRef', ref: { path: '/a', at: L(9, 18, 23) }, at: L(9, 1, 24) },
    ]);
  });

  it('accepts repeated headers but wants the same flags in each', () => {
    const r = parse('/dts-v1/;\n/dts-v1/;\n/plugin/;\n/ { };\n');
    expect(r.ast.items.map((i) => i.kind)).toEqual(['version', 'version', 'plugin', 'root']);
    expect(r.diagnostics.map((d) => `${dtcPosition(d.at)} ${d.message}`)).toEqual(["2.1-3.10 Header flags don't match earlier ones"]);
  });

  it('ignores comments and cpp line markers in its input', () => {
    const r = parse('# 1 "x.dts"\n/dts-v1/;\n// c\n/ { /* c */ };\n# 3 "x.dts" 2\n');
    expect(r.diagnostics).toEqual([]);
    expect(root(r).at).toEqual(L(4, 1, 15));
  });
});

describe('parser: nodes', () => {
  it('parses labels, unit addresses, odd names, /omit-if-no-ref/ and deletions', () => {
    const r = parse(
      [
        '/dts-v1/;',
        '/ {',
        '\t#size-cells = <0>;',
        '\tn1: n2: node@1,2 {',
        '\t\t/delete-property/ x;',
        '\t};',
        '\t/omit-if-no-ref/ o: /omit-if-no-ref/ 1wire { };',
        '\t/delete-node/ gone;',
        '};',
      ].join('\n'),
    );
    expect(r.diagnostics).toEqual([]);
    expect(root(r)).toEqual({
      kind: 'node',
      name: '/',
      nameAt: L(2, 1, 2),
      labels: [],
      omitIfNoRef: false,
      at: L(2, 1, 3, 9),
      items: [
        {
          kind: 'property',
          name: '#size-cells',
          nameAt: L(3, 2, 13),
          labels: [],
          value: [{ kind: 'cells', bits: 32, cells: [{ value: 0n, at: L(3, 17, 18) }], at: L(3, 16, 19) }],
          at: L(3, 2, 20),
        },
        {
          kind: 'node',
          name: 'node@1,2',
          nameAt: L(4, 10, 18),
          labels: [
            { name: 'n1', at: L(4, 2, 5) },
            { name: 'n2', at: L(4, 6, 9) },
          ],
          omitIfNoRef: false,
          items: [{ kind: 'deleteProperty', name: 'x', nameAt: L(5, 21, 22), at: L(5, 3, 23) }],
          at: L(4, 2, 4, 6),
        },
        {
          kind: 'node',
          name: '1wire',
          nameAt: L(7, 39, 44),
          labels: [{ name: 'o', at: L(7, 19, 21) }],
          omitIfNoRef: true,
          items: [],
          at: L(7, 2, 49),
        },
        { kind: 'deleteNode', name: 'gone', nameAt: L(8, 16, 20), at: L(8, 2, 21) },
      ],
    });
  });

  it('drops the backslash of an escaped name', () => {
    const r = parse('/dts-v1/;\n/ { \\delete-node; };\n');
    expect(prop(root(r), 'delete-node').nameAt).toEqual(L(2, 5, 17));
  });
});

describe('parser: property values', () => {
  const text = [
    '/dts-v1/;',
    '/ {',
    '\ta;',
    '\tb = "x\\ty", "z";',
    '\tl1: l2: c = s: <1 l3: 2 &ref (1 + 2)> e:, [00 11] f:;',
    '\td = /bits/ 8 <(-1) \'a\'>, &{/x}, &lbl;',
    '\ti = /incbin/("f.bin"), /incbin/("g", 1, 2);',
    '};',
  ].join('\n');
  const r = parse(text);
  const node = root(r);

  it('parses without diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
    expect(node.at).toEqual(L(2, 1, 3, 8));
  });

  it('parses a boolean property', () => {
    expect(prop(node, 'a')).toEqual({ kind: 'property', name: 'a', nameAt: L(3, 2, 3), labels: [], value: null, at: L(3, 2, 4) });
  });

  it('parses strings with escapes', () => {
    expect(prop(node, 'b')).toEqual({
      kind: 'property',
      name: 'b',
      nameAt: L(4, 2, 3),
      labels: [],
      value: [
        { kind: 'string', value: 'x\ty', at: L(4, 6, 12) },
        { kind: 'string', value: 'z', at: L(4, 14, 17) },
      ],
      at: L(4, 2, 18),
    });
  });

  it('parses cells, refs, expressions, bytes and labels everywhere', () => {
    expect(prop(node, 'c')).toEqual({
      kind: 'property',
      name: 'c',
      nameAt: L(5, 10, 11),
      labels: [
        { name: 'l1', at: L(5, 2, 5) },
        { name: 'l2', at: L(5, 6, 9) },
      ],
      value: [
        {
          kind: 'cells',
          bits: 32,
          labels: [{ name: 's', at: L(5, 14, 16) }],
          cells: [
            { value: 1n, at: L(5, 18, 19) },
            { value: 2n, labels: [{ name: 'l3', at: L(5, 20, 23) }], at: L(5, 24, 25) },
            { value: 0xffffffffn, ref: { label: 'ref', at: L(5, 26, 30) }, at: L(5, 26, 30) },
            { value: 3n, at: L(5, 31, 38) },
          ],
          at: L(5, 17, 39),
        },
        { kind: 'bytes', bytes: [0, 0x11], labels: [{ name: 'e', at: L(5, 40, 42) }], at: L(5, 44, 51) },
      ],
      endLabels: [{ name: 'f', at: L(5, 52, 54) }],
      at: L(5, 10, 55),
    });
  });

  it('parses /bits/, char literals and path references', () => {
    expect(prop(node, 'd').value).toEqual([
      {
        kind: 'cells',
        bits: 8,
        cells: [
          { value: 255n, at: L(6, 16, 20) },
          { value: 97n, at: L(6, 21, 24) },
        ],
        at: L(6, 6, 25),
      },
      { kind: 'pathRef', ref: { path: '/x', at: L(6, 27, 32) }, at: L(6, 27, 32) },
      { kind: 'pathRef', ref: { label: 'lbl', at: L(6, 34, 38) }, at: L(6, 34, 38) },
    ]);
  });

  it('parses /incbin/ with and without offset and length', () => {
    expect(prop(node, 'i').value).toEqual([
      { kind: 'incbin', file: 'f.bin', at: L(7, 6, 23) },
      { kind: 'incbin', file: 'g', offset: 1n, length: 2n, at: L(7, 25, 44) },
    ]);
  });

  it('splits a byte string at a label between bytes', () => {
    const b = prop(root(parse('/dts-v1/;\n/ { b = [l1: 00 l2: 11 22 l3:], [], [x:]; };')), 'b');
    expect(b.value).toEqual([
      { kind: 'bytes', bytes: [0], labels: [{ name: 'l1', at: L(2, 10, 13) }], at: L(2, 9, 16) },
      { kind: 'bytes', bytes: [0x11, 0x22], labels: [{ name: 'l2', at: L(2, 17, 20) }], endLabels: [{ name: 'l3', at: L(2, 27, 30) }], at: L(2, 17, 31) },
      { kind: 'bytes', bytes: [], at: L(2, 33, 35) },
      { kind: 'bytes', bytes: [], endLabels: [{ name: 'x', at: L(2, 38, 40) }], at: L(2, 37, 41) },
    ]);
  });

  it('keeps labels inside < > at the end of the list', () => {
    const c = prop(root(parse('/dts-v1/;\n/ { c = <1 e:>; };')), 'c').value![0] as Extract<ValueChunkAst, { kind: 'cells' }>;
    expect(c.endLabels).toEqual([{ name: 'e', at: L(2, 12, 14) }]);
  });
});

describe('parser: integer values', () => {
  const cells = (value: string): bigint[] => {
    const r = parse(`/dts-v1/;\n/ { v = ${value}; };\n`);
    expect(r.diagnostics).toEqual([]);
    return (prop(root(r), 'v').value![0] as { cells: CellAst[] }).cells.map((c) => c.value);
  };

  it('evaluates every C operator as dtc does (values measured with dtc 1.6.1)', () => {
    const exprs =
      '(1+2*3) (10-20) (7/2) (7%3) (1<<4) (256>>4) (1<2) (2>1) (1<=1) (1>=2) (1==1) (1!=1) (6&3) (6|3) (6^3) ' +
      "(1&&0) (0||2) (1?2:3) (0?2:3) (-1) (~0) (!5) (1<<64) (-1>>63) ((1)) ('a'+1)";
    expect(cells(`<${exprs}>`)).toEqual(
      [0x07, 0xfffffff6, 0x03, 0x01, 0x10, 0x10, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00, 0x02, 0x07, 0x05, 0x00, 0x01, 0x02, 0x03, 0xffffffff, 0xffffffff, 0x00, 0x00, 0x01, 0x01, 0x62].map(BigInt),
    );
  });

  it('computes on 64 bits and truncates to the element size', () => {
    expect(cells('/bits/ 64 <(-1) (1 << 63) (0xffffffff * 0xffffffff) 0xffffffffffffffffULL>')).toEqual([
      0xffffffffffffffffn,
      0x8000000000000000n,
      0xfffffffe00000001n,
      0xffffffffffffffffn,
    ]);
    expect(cells('/bits/ 16 <(-1) 0xffff>')).toEqual([0xffffn, 0xffffn]);
    expect(cells('<18446744073709551615 (1 ? 2 : 0 ? 3 : 4)>')).toEqual([0xffffffffn, 2n]);
  });

  it('keeps /memreserve/ values whole', () => {
    const r = parse('/dts-v1/;\n/memreserve/ 0x100000000 (-1);\n/ { };');
    expect(r.ast.items[1]).toMatchObject({ kind: 'memreserve', address: 0x100000000n, size: 0xffffffffffffffffn });
  });
});

describe('parser: dtc /include/', () => {
  it('reads included files raw, beside the including file first, then in the include dirs', () => {
    const r = parse(
      '/dts-v1/;\n/ {\n/include/ "sub/a.dtsi"\n};\n',
      { 'sub/a.dtsi': 'x;\n/include/ "b.dtsi"\n', 'sub/b.dtsi': '/* raw */ y;\n/include/ "c.dtsi"\n', 'incdir/c.dtsi': 'z;' },
      ['incdir'],
      'main.dts',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual(['sub/a.dtsi', 'sub/b.dtsi', 'incdir/c.dtsi']);
    expect(root(r).items.map((i) => (i.kind === 'property' ? [i.name, i.at] : null))).toEqual([
      ['x', L(1, 1, 3, 1, 'sub/a.dtsi')],
      ['y', L(1, 11, 13, 1, 'sub/b.dtsi')],
      ['z', L(1, 1, 3, 1, 'incdir/c.dtsi')],
    ]);
    expect(root(r).at).toEqual(L(2, 1, 3, 4, 'main.dts'));
  });

  it('names an included file by the path it was found at, whatever path the host first read it by', () => {
    const host = new SourceHost(new Map([['/t/a/x.dtsi', 'p;\n']]));
    // Another board's #include read it first, by a path cpp does not shorten.
    expect((host.read('/t/b/../a/x.dtsi') as SourceFile).path).toBe('/t/b/../a/x.dtsi');
    const main = new SourceFile('/t/b/main.dts', '/dts-v1/;\n/ {\n/include/ "../a/x.dtsi"\n};\n');
    const r = parseDts({ text: main.text, origins: identityOrigins(main) }, { host, includeDirs: [] });
    expect(r.files).toEqual(['/t/a/x.dtsi']);
    expect(root(r).items.map((i) => (i.kind === 'property' ? i.at.file : null))).toEqual(['/t/a/x.dtsi']);
  });

  it('reports a syntax error inside an included file there', () => {
    const r = parse('/dts-v1/;\n/ {\n/include/ "a.dtsi"\n};\n', { 'a.dtsi': 'x = ;\n' });
    expect(r.diagnostics.map((d) => [d.at, d.message])).toEqual([[L(1, 5, 6, 1, 'a.dtsi'), "syntax error: unexpected ';'"]]);
  });

  it('stops on a missing file or an include cycle, never hangs', () => {
    expect(parse('/dts-v1/;\n/include/ "x.dtsi"\n').diagnostics.map((d) => d.message)).toEqual(['Couldn\'t open "x.dtsi": No such file or directory']);
    const cycle = parse('/dts-v1/;\n/ { /include/ "a.dtsi" };', { 'a.dtsi': 'p;\n/include/ "a.dtsi"' });
    expect(cycle.diagnostics.map((d) => [d.message, d.at.file])).toEqual([['Includes nested too deeply', 'a.dtsi']]);
  });
});

describe('parser: errors', () => {
  it('returns what it parsed before a syntax error', () => {
    const r = parse('/dts-v1/;\n/ {\n\ta = <1>;\n\tn { b; };\n\tc = ;\n};\n');
    expect(r.diagnostics).toEqual([{ code: 'syntax-error', severity: 'error', message: "syntax error: unexpected ';'", at: L(5, 6, 7) }]);
    const node = root(r);
    expect(node.items.map((i) => (i.kind === 'node' ? `${i.name}{${i.items.length}}` : i.kind === 'property' ? i.name : i.kind))).toEqual(['a', 'n{1}']);
  });

  it('names a NUL or high byte that dtc takes for the end of input', () => {
    expect(parse('/dts-v1/;\n/ { a\u0000; };').diagnostics.map((d) => d.message)).toEqual(['syntax error: unexpected NUL byte (dtc takes it for the end of input)']);
    expect(parse('/dts-v1/;\n/ { a\u00e9; };').diagnostics.map((d) => d.message)).toEqual(['syntax error: unexpected byte 0xe9 (dtc takes it for the end of input)']);
    expect(parse('/dts-v1/;\n/ {').diagnostics.map((d) => d.message)).toEqual(['syntax error: unexpected end of input']);
  });

  interface DtcCase {
    name: string;
    input: string;
    dtc: string[];
  }
  const table = JSON.parse(readFileSync(new URL('../../fixtures/parser/dtc-errors.json', import.meta.url), 'latin1')) as { cases: DtcCase[] };

  it.each(table.cases.map((c) => [c.name, c] as const))('matches dtc 1.6.1: %s', (_name, c) => {
    const r = parse(c.input, {}, [], 'case.dts');
    const ours = r.diagnostics.map((d) => ({ position: dtcPosition(d.at), message: d.message }));
    const expected = c.dtc.map((line) => {
      if (line.startsWith('FATAL ')) return { position: undefined, message: line.slice(6) };
      const space = line.indexOf(' ');
      // dtc points at 0.0 for an empty file; our locations are 1-based.
      const position = line.slice(0, space) === '0.0' ? '1.1' : line.slice(0, space);
      return { position, message: line.slice(space + 1) };
    });
    expect(ours.length).toBe(expected.length);
    ours.forEach((d, i) => {
      const e = expected[i]!;
      if (e.position !== undefined) expect(d.position).toBe(e.position);
      expect(d.message.startsWith(e.message)).toBe(true);
    });
    expect(r.diagnostics.every((d) => d.code === 'syntax-error' && d.severity === 'error')).toBe(true);
  });
});

describe('parser: robustness', () => {
  /** A small deterministic PRNG (mulberry32), so that failures reproduce. */
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('never throws or hangs on garbage', () => {
    const pieces = ['/dts-v1/;', '/ {', '};', '{', '}', ';', '<', '>', '(', ')', '[', ']', '"', "'", '\\', '/*', '*/', '//', '\n', ' ',
      'a', '1', '0x', 'l:', '&l', '&{/', '=', ',', '/bits/', '/include/ "x"', '/incbin/', '/memreserve/', '/delete-node/', '#', '-', '?', ':', '\u0000', '\u00ff'];
    const next = rng(42);
    for (let n = 0; n < 400; n++) {
      let text = '';
      const len = Math.floor(next() * 60);
      for (let i = 0; i < len; i++) text += next() < 0.8 ? pieces[Math.floor(next() * pieces.length)] : String.fromCharCode(Math.floor(next() * 256));
      const r = parse(text);
      for (const d of r.diagnostics) expect(d.at.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('stops on very deep nesting with a diagnostic', () => {
    const parens = parse(`/dts-v1/;\n/ { a = <${'('.repeat(5000)}1${')'.repeat(5000)}>; };`);
    expect(parens.diagnostics.map((d) => d.message)).toEqual(['memory exhausted (expression nested too deeply)']);
    const nodes = parse(`/dts-v1/;\n/ { ${'a { '.repeat(5000)}${'}; '.repeat(5000)}};`);
    expect(nodes.diagnostics.map((d) => d.message)).toEqual(['memory exhausted (nodes nested too deeply)']);
    const unary = parse(`/dts-v1/;\n/ { a = <(${'-'.repeat(200000)}1)>; };`);
    expect(unary.diagnostics).toHaveLength(1);
  });
});
