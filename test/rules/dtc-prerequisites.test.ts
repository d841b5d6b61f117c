/** dtc parity checks declare their prerequisites as checks.c does, and skip as run_check does. */
import { describe, expect, it } from '@jest/globals';
import { avoidDefaultAddrSize } from '../../rules/avoid_default_addr_size.js';
import { rangesFormat } from '../../rules/ranges_format.js';
import { regFormat } from '../../rules/reg_format.js';
import { simpleBusReg } from '../../rules/simple_bus_reg.js';
import { rules } from '../../rules/index.js';
import { addrSizeCells, dtcRuleDefinition, runDtcCheck, simpleBusBridge, sizeCellsIsCell, type DtcCheck } from '../../rules/support/dtc.js';
import { uniqueUnitAddressIfEnabled } from '../../rules/unique_unit_address_if_enabled.js';
import { unitAddressVsReg } from '../../rules/unit_address_vs_reg.js';
import { treeOf } from '../graph/helpers.js';
import { aliasPaths } from '../../rules/alias_paths.js';
import { deprecatedGpioProperty } from '../../rules/deprecated_gpio_property.js';
import { gpiosProperty } from '../../rules/gpios_property.js';
import { graphChildAddress } from '../../rules/graph_child_address.js';
import { graphEndpoint } from '../../rules/graph_endpoint.js';
import { graphPort } from '../../rules/graph_port.js';
import { interruptProvider } from '../../rules/interrupt_provider.js';
import { interruptsProperty } from '../../rules/interrupts_property.js';

/** Every check reachable from `roots`, with the names of its prerequisites. */
function prerequisiteTable(roots: readonly DtcCheck[]): Record<string, string[]> {
  const table: Record<string, string[]> = {};
  const todo = [...roots];
  for (let check = todo.pop(); check; check = todo.pop()) {
    if (table[check.name]) continue;
    table[check.name] = check.prerequisites.map((p) => p.name);
    todo.push(...check.prerequisites);
  }
  return table;
}

describe('dtc check prerequisites', () => {
  it('are the &prereq lists of scripts/dtc/checks.c (Linux 6.12)', () => {
    expect(prerequisiteTable([regFormat, rangesFormat, avoidDefaultAddrSize, unitAddressVsReg, simpleBusReg, uniqueUnitAddressIfEnabled])).toEqual({
      address_cells_is_cell: [],
      size_cells_is_cell: [],
      compatible_is_string_list: [],
      addr_size_cells: ['address_cells_is_cell', 'size_cells_is_cell'],
      simple_bus_bridge: ['addr_size_cells', 'compatible_is_string_list'],
      reg_format: ['addr_size_cells'],
      ranges_format: ['addr_size_cells'],
      avoid_default_addr_size: ['addr_size_cells'],
      unit_address_vs_reg: [],
      simple_bus_reg: ['reg_format', 'simple_bus_bridge'],
      unique_unit_address_if_enabled: ['avoid_default_addr_size'],
    });
  });

  it("are dtc 1.6.1 checks.c's for the group-2 checks (interrupts_property's &phandle_references is its data, not a prerequisite)", () => {
    expect(
      prerequisiteTable([gpiosProperty, deprecatedGpioProperty, interruptsProperty, interruptProvider, aliasPaths, graphChildAddress, graphPort, graphEndpoint]),
    ).toEqual({
      phandle_references: [],
      gpios_property: ['phandle_references'],
      deprecated_gpio_property: [],
      interrupts_property: [],
      interrupt_provider: [],
      alias_paths: [],
      graph_nodes: [],
      graph_child_address: ['graph_nodes'],
      graph_port: ['graph_nodes'],
      graph_endpoint: ['graph_nodes'],
    });
  });

  it('a failed check stops the checks that need it, transitively, for the whole tree', () => {
    const tree = treeOf('/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10 0x20>; };\n\tbus { #size-cells = <1 1>; };\n};\n');
    expect(runDtcCheck(sizeCellsIsCell, tree).status).toBe('failed');
    expect(runDtcCheck(addrSizeCells, tree).status).toBe('prerequisite-failed');
    expect(runDtcCheck(regFormat, tree)).toEqual({ status: 'prerequisite-failed', problems: [] });
    expect(runDtcCheck(simpleBusBridge, tree).status).toBe('prerequisite-failed');
    // A check that needs nothing runs all the same.
    expect(runDtcCheck(unitAddressVsReg, tree).status).toBe('passed');
  });

  it('runs each check once per tree', () => {
    const tree = treeOf('/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\tdev@1000 { reg = <0x1000 0x10 0x20>; };\n};\n');
    const first = runDtcCheck(regFormat, tree);
    expect(first.status).toBe('failed');
    expect(runDtcCheck(regFormat, tree)).toBe(first);
  });
});

describe('the registry of dtc rules (what scripts/corpus/dtc-parity.ts compares)', () => {
  it('is every rule made by defineDtcCheck, named by its dtc check, none of dtlint rules of its own', () => {
    const ids = rules.filter((r) => dtcRuleDefinition(r) !== undefined).map((r) => r.id);
    for (const id of ['reg_format', 'unit_address_vs_reg', 'clocks_property', 'clocks_is_cell', 'gpios_property', 'interrupts_property', 'interrupt_provider', 'alias_paths', 'graph_endpoint']) {
      expect(ids).toContain(id);
    }
    expect(ids.filter((id) => id.includes('-'))).toEqual([]);
    for (const r of rules) if (dtcRuleDefinition(r)) expect(dtcRuleDefinition(r)!.check.name).toBe(r.id);
  });
});
