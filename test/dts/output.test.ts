/** The outputs of a built tree: DTB read back, DTS text, JSON, and the query helpers. */
import { describe, expect, it } from '@jest/globals';
import { buildTree } from '../../src/dts/build.js';
import { readDtb, writeDtb } from '../../src/dts/dtb.js';
import { treeToJson } from '../../src/dts/json.js';
import { printDts } from '../../src/dts/print.js';
import {
  findNodeByLabel,
  findNodeByPath,
  findNodeByPhandle,
  getProperty,
  isEnabled,
  nodePath,
  propertyStrings,
  propertyU32s,
  walk,
} from '../../src/dts/query.js';
import { bits, bytes, cells, dts, memreserve, node, pathRef, prop, root, str } from '../helpers/ast.js';

function sample(): ReturnType<typeof buildTree>['tree'] {
  return buildTree(
    dts(
      memreserve(0x1000, 0x20),
      root(
        prop('compatible', [str('vendor,board'), str('vendor,soc')]),
        prop('model', [str('say "hi"\n')]),
        node('soc', [
          node('clk@10', [prop('#clock-cells', [cells(1)])], { labels: ['clk'] }),
          node('uart@20', [prop('clocks', [cells('&clk', 3)]), prop('status', [str('disabled')])], { labels: ['uart'] }),
          node('i2c@30', [prop('status', [str('ok')]), prop('data', [bytes(1, 0xab), bits(16, 7), bits(8, 255)])]),
        ]),
        node('chosen', [prop('stdout-path', [pathRef('uart')]), prop('bootargs')]),
      ),
    ),
    { symbols: true },
  ).tree;
}

describe('readDtb', () => {
  it('reads back what writeDtb wrote', () => {
    const dtb = readDtb(writeDtb(sample()));
    expect(dtb.version).toBe(17);
    expect(dtb.lastCompatibleVersion).toBe(16);
    expect(dtb.memreserves).toEqual([{ address: 0x1000n, size: 0x20n }]);
    expect(dtb.root.children.map((c) => c.name)).toEqual(['soc', 'chosen', '__symbols__']);
    const uart = dtb.root.children[0]!.children[1]!;
    expect(uart.properties.map((p) => [p.name, Buffer.from(p.value).toString('hex')])).toEqual([
      ['clocks', '0000000100000003'],
      ['status', '64697361626c656400'],
      ['phandle', '00000002'],
    ]);
  });

  it('takes the boot CPU from the options first', () => {
    expect(readDtb(writeDtb(sample(), { bootCpuid: 3 })).bootCpuid).toBe(3);
  });
});

describe('printDts', () => {
  it('prints labels, typed values and references deterministically', () => {
    expect(printDts(sample())).toBe(
      [
        '/dts-v1/;',
        '',
        '/memreserve/ 0x1000 0x20;',
        '',
        '/ {',
        '\tcompatible = "vendor,board", "vendor,soc";',
        '\tmodel = "say \\"hi\\"\\n";',
        '',
        '\tsoc {',
        '',
        '\t\tclk: clk@10 {',
        '\t\t\t#clock-cells = <0x01>;',
        '\t\t\tphandle = <0x01>;',
        '\t\t};',
        '',
        '\t\tuart: uart@20 {',
        '\t\t\tclocks = <&clk 0x03>;',
        '\t\t\tstatus = "disabled";',
        '\t\t\tphandle = <0x02>;',
        '\t\t};',
        '',
        '\t\ti2c@30 {',
        '\t\t\tstatus = "ok";',
        '\t\t\tdata = [01 ab], /bits/ 16 <0x07>, /bits/ 8 <0xff>;',
        '\t\t};',
        '\t};',
        '',
        '\tchosen {',
        '\t\tstdout-path = "/soc/uart@20";',
        '\t\tbootargs;',
        '\t};',
        '',
        '\t__symbols__ {',
        '\t\tclk = "/soc/clk@10";',
        '\t\tuart = "/soc/uart@20";',
        '\t};',
        '};',
        '',
      ].join('\n'),
    );
  });
});

describe('treeToJson', () => {
  it('gives a stable plain structure', () => {
    const tree = sample();
    const json = treeToJson(tree) as { root: { children: { children: { name: string; properties: unknown[] }[] }[] } };
    expect(JSON.stringify(treeToJson(tree))).toBe(JSON.stringify(json));
    const uart = json.root.children[0]!.children[1]!;
    expect(uart.name).toBe('uart@20');
    expect(uart.properties[0]).toEqual({
      name: 'clocks',
      labels: [],
      at: expect.stringMatching(/^t\.dts:\d+:1$/),
      value: [{ type: 'cells', bits: 32, cells: [{ ref: '&clk', phandle: '0x1', target: '/soc/clk@10' }, '0x3'] }],
      bytes: '0000000100000003',
    });
  });
});

describe('query helpers', () => {
  it('finds nodes by path, label and phandle and reads values', () => {
    const tree = sample();
    const uart = findNodeByLabel(tree, 'uart')!;
    expect(nodePath(uart)).toBe('/soc/uart@20');
    expect(findNodeByPath(tree, '/soc/uart@20')).toBe(uart);
    expect(findNodeByPath(tree, '/soc/uart')).toBe(uart);
    expect(findNodeByPath(tree, '/')).toBe(tree.root);
    expect(findNodeByPath(tree, '/soc/nope')).toBeUndefined();
    expect(findNodeByPhandle(tree, 1)).toBe(findNodeByLabel(tree, 'clk'));
    expect(propertyU32s(getProperty(uart, 'clocks')!)).toEqual([1, 3]);
    expect(propertyStrings(getProperty(tree.root, 'compatible')!)).toEqual(['vendor,board', 'vendor,soc']);
    expect(propertyU32s(getProperty(tree.root, 'model')!)).toBeUndefined();
    expect(isEnabled(uart)).toBe(false);
    expect(isEnabled(findNodeByPath(tree, '/soc/i2c@30')!)).toBe(true);
    expect(isEnabled(tree.root)).toBe(true);
  });

  it('reads string lists as the DTB bytes say, also when a string holds a NUL or sits beside cells', () => {
    const tree = buildTree(
      dts(
        root(
          prop('plain', [str('a'), str('bc')]),
          prop('nul', [str('x\0y')]),
          prop('mixed', [str('a'), bytes(0x62, 0)]),
          prop('cells', [cells(0x61000000)]),
          prop('empty'),
        ),
      ),
    ).tree;
    const strings = (name: string): string[] | undefined => propertyStrings(getProperty(tree.root, name)!);
    expect(strings('plain')).toEqual(['a', 'bc']);
    expect(strings('nul')).toEqual(['x', 'y']);
    expect(strings('mixed')).toEqual(['a', 'b']);
    expect(strings('cells')).toEqual(['a', '', '']);
    expect(strings('empty')).toBeUndefined();
  });

  it('walks in pre-order and can skip a subtree', () => {
    const tree = sample();
    const all: string[] = [];
    walk(tree, (n) => {
      all.push(nodePath(n));
    });
    expect(all).toEqual(['/', '/soc', '/soc/clk@10', '/soc/uart@20', '/soc/i2c@30', '/chosen', '/__symbols__']);
    const top: string[] = [];
    walk(tree, (n, depth) => {
      top.push(n.name);
      return depth < 1;
    });
    expect(top).toEqual(['', 'soc', 'chosen', '__symbols__']);
  });
});
