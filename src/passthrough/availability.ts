/**
 * Whether Linux makes a platform device of a node (drivers/of/platform.c,
 * of_platform_device_create_pdata and of_platform_bus_create: the node and every ancestor bus
 * available), and where the status that says no is written.
 */
import type { Location } from '../dts/location.js';
import { getProperty, isEnabled, nodePath, propertyStrings } from '../dts/query.js';
import type { Node } from '../dts/tree.js';

/** Linux creates a platform device only when the node and all its ancestors are enabled. */
export function isAvailable(node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parent) if (!isEnabled(n)) return false;
  return true;
}

/** The node or ancestor that disables it, as a phrase. */
export function disabledDetail(node: Node): string {
  for (let n: Node | null = node; n; n = n.parent) {
    if (isEnabled(n)) continue;
    const status = getProperty(n, 'status');
    const value = status ? (propertyStrings(status)?.[0] ?? '?') : '?';
    return n === node ? `status "${value}"` : `its parent ${nodePath(n)} has status "${value}"`;
  }
  return `${nodePath(node)} is enabled`;
}

/** Where the disabling `status` is written, when it is. */
export function statusAt(node: Node): Location | undefined {
  for (let n: Node | null = node; n; n = n.parent) if (!isEnabled(n)) return getProperty(n, 'status')?.at;
  return undefined;
}
