/**
 * dtc's bus bridges (checks.c): pci_bridge, simple_bus_bridge, i2c_bus_bridge and spi_bus_bridge each
 * set `node->bus`, and later checks read it. dtc runs them in check_table order (pci_bridge and
 * simple_bus_bridge first, as prerequisites of unit_address_format; then i2c_bus_bridge, then
 * spi_bus_bridge), a later bridge overwriting an earlier one, so which bus a node is on depends on
 * which check asks. These functions say which bridge claims a node.
 */
import { getProperty } from '../../src/dts/query.js';
import type { Node } from '../../src/dts/tree.js';
import { baseName, checkedChildren, cString, isCompatible, nodeAddrCells, nodeSizeCells } from './dtc.js';

/** check_pci_bridge: `device_type` is "pci" (dtc's streq on the value). */
export function isPciBridge(node: Node): boolean {
  const prop = getProperty(node, 'device_type');
  return prop !== undefined && prop.value.length > 0 && cString(prop) === 'pci';
}

/** check_simple_bus_bridge (node_is_compatible). */
export function isSimpleBus(node: Node): boolean {
  return isCompatible(node, 'simple-bus');
}

/**
 * The parent's bus as pci_device_reg and pci_device_bus_num see it: pci_bridge set it, and
 * simple_bus_bridge (run before them as unit_address_format's prerequisite) did not overwrite it.
 */
export function onPciBus(node: Node): boolean {
  const parent = node.parent;
  return parent !== null && isPciBridge(parent) && !isSimpleBus(parent);
}

/**
 * check_i2c_bus_bridge: a node named `i2c-bus`, `i2c-arb` or `i2c` (strprefixeq on the base name is
 * equality). For `i2c`, dtc 1.6.1 skips a node with an `i2c-bus` child, but compares the child's name
 * over the parent's base-name length (3), which never equals 7: every `i2c` node is a bus.
 */
export function isI2cBus(node: Node): boolean {
  const base = baseName(node);
  if (base === 'i2c-bus' || base === 'i2c-arb') return true;
  if (base !== 'i2c') return false;
  for (const child of checkedChildren(node)) if ('i2c-bus'.length === base.length && child.name.startsWith('i2c-bus')) return false;
  return true;
}

/** check_spi_bus_bridge: a node named `spi`, or with #address-cells 1, #size-cells 0 and a child with a `spi-*` property. */
export function isSpiBus(node: Node): boolean {
  if (baseName(node) === 'spi') return true;
  return isSpiBusByChildren(node);
}

/** check_spi_bus_bridge's guess for a bus not named `spi`. */
export function isSpiBusByChildren(node: Node): boolean {
  if (nodeAddrCells(node) !== 1 || nodeSizeCells(node) !== 0) return false;
  for (const child of checkedChildren(node)) if (child.properties.some((p) => p.name.startsWith('spi-'))) return true;
  return false;
}
