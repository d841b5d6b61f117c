/**
 * The WARNING_PROPERTY_PHANDLE_CELLS family (clocks_property, clocks_is_cell, ...): each generated
 * rule on its own property, then dtc's reading of a list in detail on clocks. Messages are dtc 1.6.1's
 * (Debian dtc 1.6.1 on the same text).
 */
import { describe, expect, it } from '@jest/globals';
import { rules } from '../../rules/index.js';
import { PHANDLE_CELLS_CHECKS, PHANDLE_CELLS_PROVIDERS, phandleReferences } from '../../rules/support/dtc-phandles.js';
import { compileDts } from '../../src/dts/compile.js';
import { SourceHost } from '../../src/dts/source.js';
import { runDtcCheck } from '../../rules/support/dtc.js';
import { RuleTester } from '../helpers/rule-tester.js';
import { treeOf } from '../graph/helpers.js';

const tester = new RuleTester({ scope: 'source' });

/** A provider with `cells` = <value> and a consumer with `prop` = <list>; the consumer's prop is on line 5. */
function board(cells: string, value: string, prop: string, list: string): string {
  return `/dts-v1/;\n/ {\n\tp: provider { ${cells} = <${value}>; };\n\tconsumer {\n\t\t${prop} = <${list}>;\n\t};\n};\n`;
}

describe('every WARNING_PROPERTY_PHANDLE_CELLS row', () => {
  it('is two registered rules named as checks.c names them, in its order', () => {
    const ids = rules.map((r) => r.id);
    const expected = PHANDLE_CELLS_PROVIDERS.flatMap((row) => [`${row.name}_property`, `${row.name}_is_cell`]);
    expect(ids.filter((id) => expected.includes(id))).toEqual(expected);
    expect(PHANDLE_CELLS_CHECKS.map((c) => c.property.prerequisites.map((p) => p.name))).toEqual(
      PHANDLE_CELLS_PROVIDERS.map((row) => [`${row.name}_is_cell`, 'phandle_references']),
    );
  });
});

for (const row of PHANDLE_CELLS_PROVIDERS) {
  tester.run(`${row.name}_property`, {
    valid: [{ name: 'one entry with its argument cell', code: board(row.cells, '1', row.property, '&p 0') }],
    invalid: [
      {
        name: 'the list ends inside its entry',
        code: board(row.cells, '1', row.property, '&p'),
        errors: [{ messageId: 'tooSmall', data: { where: `/consumer:${row.property}`, size: 4, cellsize: 1 }, line: 5, column: 3 }],
      },
    ],
  });
  tester.run(`${row.name}_is_cell`, {
    valid: [{ name: 'one cell', code: board(row.cells, '1', row.property, '&p 0') }],
    invalid: [
      {
        name: 'two cells',
        code: board(row.cells, '1 0', row.property, '&p 0'),
        errors: [{ messageId: 'notCell', data: { where: `/provider:${row.cells}` }, message: `/provider:${row.cells}: property is not a single cell`, line: 3, column: 16 }],
      },
    ],
  });
}

const CLOCKS =
  '/dts-v1/;\n/ {\n\tclk: clk { #clock-cells = <1>; };\n\tnc: nc { };\n\tdev {\n' +
  '\t\tclocks = <&clk 1 2 &clk>, <0xffffffff 0>, <&nc>;\n' + // cell 2 is a number read as a phandle (phandle 2 = /nc); /nc has no #clock-cells
  '\t};\n\tdev2 { clocks = <&clk 1 0 7>; };\n' + // cell 3: 7 is no node's phandle
  '\tdev3 { clocks = [00 00 00]; };\n};\n';

tester.run('clocks_property', {
  valid: [
    { name: '0 and -1 are empty entries', code: board('#clock-cells', '1', 'clocks', '0 &p 1 0xffffffff &p 2') },
    { name: 'a consumer without clocks, a provider with #clock-cells = <0>', code: board('#clock-cells', '0', 'clocks', '&p &p') },
  ],
  invalid: [
    {
      name: "dtc's messages: a number as a phandle, a provider without #clock-cells, no node, a length that is not whole cells",
      code: CLOCKS,
      errors: [
        {
          messageId: 'missingCells',
          data: { where: '/dev', cells: '#clock-cells', provider: '/nc', property: 'clocks', cell: 2 },
          message: "/dev: Missing property '#clock-cells' in node /nc or bad phandle (referred from clocks[2])",
          line: 5,
          column: 2,
        },
        { messageId: 'notReference', data: { where: '/dev:clocks', cell: 2 }, message: '/dev:clocks: cell 2 is not a phandle reference', line: 6, column: 3 },
        // One place, sorted by message.
        { messageId: 'noNode', data: { where: '/dev2:clocks', cell: 3 }, message: '/dev2:clocks: Could not get phandle node for (cell 3)', line: 8, column: 9 },
        { messageId: 'notReference', data: { where: '/dev2:clocks', cell: 3 }, line: 8, column: 9 },
        { messageId: 'sizeInvalid', data: { where: '/dev3:clocks', size: 3 }, message: '/dev3:clocks: property size (3) is invalid, expected multiple of 4', line: 9, column: 9 },
      ],
    },
  ],
});

tester.run('msi_parent_property', {
  valid: [{ name: 'a provider without #msi-cells takes no argument (the optional row)', code: board('#foo-cells', '1', 'msi-parent', '&p &p') }],
  invalid: [
    {
      name: 'with #msi-cells the list is read as the others are',
      code: board('#msi-cells', '1', 'msi-parent', '&p'),
      errors: [{ messageId: 'tooSmall', data: { where: '/consumer:msi-parent', size: 4, cellsize: 1 }, line: 5, column: 3 }],
    },
  ],
});

describe('clocks_property prerequisites (dtc run_check)', () => {
  it('does not run while clocks_is_cell fails anywhere in the tree', () => {
    const clocks = PHANDLE_CELLS_CHECKS.find((c) => c.row.name === 'clocks')!;
    const tree = treeOf('/dts-v1/;\n/ {\n\tclk: clk { #clock-cells = <1>; };\n\tbad { #clock-cells = <1 1>; };\n\tdev { clocks = <&clk>; };\n};\n');
    expect(runDtcCheck(clocks.isCell, tree).status).toBe('failed');
    expect(runDtcCheck(clocks.property, tree)).toEqual({ status: 'prerequisite-failed', problems: [] });
  });

  it('does not run while a &reference names no node (phandle_references)', () => {
    const clocks = PHANDLE_CELLS_CHECKS.find((c) => c.row.name === 'clocks')!;
    const file = '/virtual/unresolved.dts';
    const text = '/dts-v1/;\n/ {\n\tclk: clk { #clock-cells = <1>; };\n\tdev { clocks = <&clk>; resets = <&nowhere>; };\n};\n';
    // The front end reports the reference and still builds the tree, as dtc runs its checks.
    const tree = compileDts(file, { host: new SourceHost(new Map([[file, text]])), autoIncludeDirs: false }).tree!;
    expect(runDtcCheck(phandleReferences, tree).status).toBe('failed');
    expect(runDtcCheck(clocks.property, tree).status).toBe('prerequisite-failed');
  });
});
